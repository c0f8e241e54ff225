package io.adrelay.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BsaSimulatorTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    final BsaSimulator bsa = new BsaSimulator("k-123456", TODAY).start();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        bsa.close();
    }

    @Test
    void theKeyIsRequired() throws Exception {
        assertEquals(401, get("/lineitems").statusCode());
        HttpResponse<String> wrong = get("/lineitems?key=nope");
        assertEquals(401, wrong.statusCode());
        assertEquals("Invalid API key", new ObjectMapper().readTree(wrong.body()).path("error").asText());
    }

    @Test
    void csvHeadersFollowTheSpec() throws Exception {
        assertTrue(get("/lineitems?key=k-123456&type=csv").body().startsWith("\"Lineitem ID\",\"Lineitem Name\",\"Order ID\","
                + "\"Order Name\",\"Placements\",\"Paused\",\"Goal Unit\",\"Goal Quantity\",\"Unit Cost\",\"Ratified\",\"Budget\","
                + "\"Notes\",\"Scheduled Start\",\"Scheduled End\",\"Scheduled Start ISO\",\"Scheduled End ISO\"\n"));
        assertTrue(get("/daily-stats?key=k-123456&type=csv").body().startsWith("\"Lineitem ID\",\"Lineitem Name\",\"Order ID\","
                + "\"Order Name\",\"Placements\",\"Date\",\"Impressions\",\"Clicks\",\"CTR\",\"Spend\",\"Notes\"\n"));
        assertTrue(get("/creatives-daily-stats?key=k-123456&type=csv").body().startsWith("\"Order Name\",\"Order ID\","
                + "\"Lineitem ID\",\"Lineitem Name\",\"Creative ID\",\"Date\",\"Image\""));
    }

    @Test
    void csvQuotesCommasAndQuotes() throws Exception {
        String csv = get("/lineitems?key=k-123456&type=csv").body();
        assertTrue(csv.contains("\"Dribbble Shot, EU\""), csv);
        assertTrue(csv.contains("\"Renewed \"\"as is\"\"\""), csv);
    }

    @Test
    void filtersByDayAndLineItem() throws Exception {
        JsonNode rows = json("/daily-stats?key=k-123456&startDate=2026-11-20&endDate=2026-11-20");
        assertEquals(4, rows.size());
        rows.forEach(r -> assertEquals("2026-11-20", r.path("date").asText()));
        JsonNode one = json("/creatives-daily-stats?key=k-123456&startDate=2026-11-19&endDate=2026-11-20&lineitemId=9801");
        assertEquals(4, one.size(), "2 creatives x 2 days");
        one.forEach(r -> assertEquals("9801", r.path("lineitem_id").asText()));
        assertEquals(400, get("/daily-stats?key=k-123456&startDate=20-11-2026").statusCode());
        assertEquals(400, get("/daily-stats?key=k-123456&lineitemId=abc").statusCode());
    }

    @Test
    void jsonHasTheSpecsTypesAndFormats() throws Exception {
        JsonNode li = json("/lineitems?key=k-123456").get(0);
        assertTrue(li.path("goal_quantity").isNumber());
        assertTrue(li.path("paused").isBoolean());
        assertTrue(li.path("budget").asText().matches("\\$\\d{1,3}(,\\d{3})*\\.\\d{2}"), li.toString());
        assertTrue(li.path("scheduled_start").asText().matches("[A-Z][a-z]{2} \\d{1,2}(st|nd|rd|th), \\d{4}"), li.toString());
        JsonNode stat = json("/daily-stats?key=k-123456&startDate=2026-11-20&endDate=2026-11-20").get(0);
        assertTrue(stat.path("ctr").asText().matches("\\d+\\.\\d{2}%"), stat.toString());
        assertTrue(stat.path("impressions").isNumber());
        assertEquals("11th", BsaSimulator.spoken(LocalDate.of(2026, 1, 11)).split(" ")[1].replace(",", ""));
        assertEquals("22nd", BsaSimulator.spoken(LocalDate.of(2026, 1, 22)).split(" ")[1].replace(",", ""));
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bsa.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
