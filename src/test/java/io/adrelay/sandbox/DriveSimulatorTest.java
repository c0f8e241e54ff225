package io.adrelay.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriveSimulatorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path root;
    DriveSimulator drive;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        drive.close();
    }

    JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(drive.baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    String list(String q, String fields, String extra) {
        return "/drive/v3/files?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&fields="
                + URLEncoder.encode(fields, StandardCharsets.UTF_8) + extra;
    }

    @Test
    void listsFoldersAndFilesWithTheQFormsAndFieldsAsked() throws Exception {
        Files.createDirectories(root.resolve("BATCH/AD-01"));
        Files.createDirectories(root.resolve("BATCH/AD-02"));
        Files.writeString(root.resolve("BATCH/AD-01/copy.json"), "{}");
        Files.write(root.resolve("BATCH/AD-01/spot_1080x1920.mp4"), new byte[] {1, 2, 3});
        drive = new DriveSimulator(root, "t0ken").start();

        JsonNode batch = get(list("'root-folder' in parents and trashed = false and mimeType = '" + DriveSimulator.FOLDER
                + "' and name = 'BATCH'", "files(id,name)", ""));
        assertEquals(1, batch.path("files").size());
        assertFalse(batch.path("files").get(0).has("mimeType"), "only the fields asked for");
        String batchId = batch.path("files").get(0).path("id").asText();

        JsonNode ads = get(list("'" + batchId + "' in parents and mimeType = '" + DriveSimulator.FOLDER + "'", "nextPageToken,files(id,name)",
                "&pageSize=1"));
        assertEquals("AD-01", ads.path("files").get(0).path("name").asText());
        JsonNode next = get(list("'" + batchId + "' in parents and mimeType = '" + DriveSimulator.FOLDER + "'", "nextPageToken,files(id,name)",
                "&pageSize=1&pageToken=" + ads.path("nextPageToken").asText()));
        assertEquals("AD-02", next.path("files").get(0).path("name").asText());
        assertFalse(next.has("nextPageToken"));

        String adId = ads.path("files").get(0).path("id").asText();
        JsonNode files = get(list("'" + adId + "' in parents and mimeType != '" + DriveSimulator.FOLDER + "'",
                "files(id,name,mimeType,size,headRevisionId,videoMediaMetadata(width))", ""));
        JsonNode video = files.path("files").get(1);
        assertEquals("video/mp4", video.path("mimeType").asText());
        assertEquals("3", video.path("size").asText());
        assertEquals(1080, video.path("videoMediaMetadata").path("width").asInt());
        assertFalse(video.path("videoMediaMetadata").has("height"));

        String revision = video.path("headRevisionId").asText();
        Files.write(root.resolve("BATCH/AD-01/spot_1080x1920.mp4"), new byte[] {4, 5, 6});
        JsonNode again = get("/drive/v3/files/" + video.path("id").asText() + "?fields=headRevisionId");
        assertNotEquals(revision, again.path("headRevisionId").asText(), "new content, new revision");
    }

    @Test
    void createsFoldersAndServesContent() throws Exception {
        drive = new DriveSimulator(root, "t0ken").start();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(drive.baseUrl() + "/drive/v3/files?fields=id,webViewLink"))
                .header("Authorization", "Bearer t0ken").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"NEW\", \"mimeType\": \"" + DriveSimulator.FOLDER
                        + "\", \"parents\": [\"root-folder\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode());
        assertTrue(Files.isDirectory(root.resolve("NEW")));
        assertTrue(JSON.readTree(created.body()).path("webViewLink").asText().startsWith("https://drive.google.com/drive/folders/"));

        Files.writeString(root.resolve("NEW/copy.json"), "{\"headline\": \"Hi\"}");
        String folderId = JSON.readTree(created.body()).path("id").asText();
        String id = get(list("'" + folderId + "' in parents and name = 'copy.json'", "files(id)", "")).path("files").get(0).path("id").asText();
        HttpResponse<String> media = http.send(HttpRequest.newBuilder(URI.create(drive.baseUrl() + "/drive/v3/files/" + id + "?alt=media"))
                .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"headline\": \"Hi\"}", media.body());
    }

    @Test
    void refusesWithoutTheTokenInGooglesErrorFormat() throws Exception {
        drive = new DriveSimulator(root, "t0ken").start();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(drive.baseUrl() + "/drive/v3/files")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals("authError", JSON.readTree(r.body()).path("error").path("errors").get(0).path("reason").asText());
    }
}
