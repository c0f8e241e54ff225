package io.adrelay.sandbox;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Google Drive v3 files API backed by a local folder: its sub-folders are Drive folders, its files
 * Drive files (the root folder's id is {@link #ROOT_ID}). files.list with the q forms adrelay uses,
 * pageToken paging and {@code fields}; files.get (metadata, or content with alt=media); files.create
 * for folders. A file's headRevisionId is the hash of its content, so new content is a new revision.
 * A person can drop files into the folder and watch them get delivered.
 */
public class DriveSimulator extends Simulator {

    public static final String ROOT_ID = "root-folder";
    public static final String FOLDER = "application/vnd.google-apps.folder";
    private static final ObjectMapper JSON = SimResponse.JSON;
    private static final Pattern CLAUSE = Pattern.compile("\\s*(?:'([^']*)' in parents|trashed\\s*=\\s*false|mimeType\\s*(=|!=)\\s*'([^']*)'|name\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)')\\s*");
    private static final Pattern DIMENSIONS = Pattern.compile("(\\d{2,5})x(\\d{2,5})");

    private final Path root;
    private final String accessToken;

    public DriveSimulator(Path root, String accessToken) {
        this.root = root.toAbsolutePath().normalize();
        this.accessToken = accessToken;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    protected SimResponse error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", status).put("message", message);
        error.putArray("errors").addObject().put("message", message).put("domain", "global")
                .put("reason", status == 401 ? "authError" : status == 404 ? "notFound" : status == 403 ? "userRateLimitExceeded" : "backendError");
        return SimResponse.json(status, body);
    }

    @Override
    protected SimResponse rateLimited(long retryAfterSeconds) {
        return error(403, "User Rate Limit Exceeded");
    }

    @Override
    protected synchronized SimResponse handle(SimRequest request) throws Exception {
        if (!("Bearer " + accessToken).equals(request.header("Authorization"))) {
            return error(401, "Request had invalid authentication credentials.");
        }
        String path = request.path();
        if ("/drive/v3/files".equals(path) && "GET".equals(request.method())) {
            return list(request);
        }
        if ("/drive/v3/files".equals(path) && "POST".equals(request.method())) {
            return createFolder(JSON.readTree(request.body()), request.query("fields"));
        }
        if (path.startsWith("/drive/v3/files/") && "GET".equals(request.method())) {
            Path file = locate(path.substring("/drive/v3/files/".length()));
            if (file == null) {
                return error(404, "File not found: " + path.substring(16));
            }
            if ("media".equals(request.query("alt"))) {
                return SimResponse.bytes(200, mimeType(file), Files.readAllBytes(file));
            }
            return SimResponse.json(200, select(describe(file), request.query("fields")));
        }
        return error(404, "Not found");
    }

    private SimResponse list(SimRequest request) throws IOException {
        String parent = null;
        String mimeEquals = null;
        String mimeNot = null;
        String name = null;
        String q = request.query("q") == null ? "" : request.query("q");
        for (String clause : q.split("(?i)\\s+and\\s+")) {
            if (clause.isBlank()) {
                continue;
            }
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                return error(400, "Invalid Value: unsupported q clause " + clause);
            }
            if (m.group(1) != null) {
                parent = m.group(1);
            } else if (m.group(2) != null) {
                if ("=".equals(m.group(2))) {
                    mimeEquals = m.group(3);
                } else {
                    mimeNot = m.group(3);
                }
            } else if (m.group(4) != null) {
                name = m.group(4).replace("\\'", "'");
            }
        }
        Path dir = parent == null ? root : locate(parent);
        if (dir == null || !Files.isDirectory(dir)) {
            return error(404, "File not found: " + parent);
        }
        List<ObjectNode> matching = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                ObjectNode file = describe(child);
                String mime = file.path("mimeType").asText();
                if ((mimeEquals == null || mimeEquals.equals(mime)) && (mimeNot == null || !mimeNot.equals(mime))
                        && (name == null || name.equals(file.path("name").asText()))) {
                    matching.add(file);
                }
            }
        }
        int pageSize = request.query("pageSize") == null ? 100 : Math.min(1000, Integer.parseInt(request.query("pageSize")));
        int offset = request.query("pageToken") == null ? 0 : Integer.parseInt(request.query("pageToken"));
        ObjectNode page = JSON.createObjectNode();
        page.put("kind", "drive#fileList");
        if (offset + pageSize < matching.size()) {
            page.put("nextPageToken", String.valueOf(offset + pageSize));
        }
        ArrayNode files = page.putArray("files");
        matching.stream().skip(offset).limit(pageSize).forEach(files::add);
        return SimResponse.json(200, select(page, request.query("fields")));
    }

    private SimResponse createFolder(JsonNode metadata, String fields) throws IOException {
        if (!FOLDER.equals(metadata.path("mimeType").asText())) {
            return error(400, "Only folders can be created here");
        }
        String parent = metadata.path("parents").path(0).asText(ROOT_ID);
        Path dir = locate(parent);
        String name = metadata.path("name").asText("");
        if (dir == null || name.isBlank() || name.contains("/") || name.startsWith(".")) {
            return error(400, "Invalid parent or name");
        }
        // Drive allows twins; this folder-backed Drive cannot, so a second create returns the same folder
        Path created = Files.createDirectories(dir.resolve(name));
        return SimResponse.json(200, select(describe(created), fields));
    }

    private ObjectNode describe(Path file) throws IOException {
        boolean folder = Files.isDirectory(file);
        ObjectNode f = JSON.createObjectNode();
        f.put("kind", "drive#file");
        f.put("id", idOf(file));
        f.put("name", file.getFileName().toString());
        f.put("mimeType", folder ? FOLDER : mimeType(file));
        f.putArray("parents").add(file.getParent().equals(root) ? ROOT_ID : idOf(file.getParent()));
        f.put("modifiedTime", Files.getLastModifiedTime(file).toInstant().toString());
        f.put("webViewLink", folder ? "https://drive.google.com/drive/folders/" + idOf(file) : "https://drive.google.com/file/d/" + idOf(file));
        f.put("trashed", false);
        if (!folder) {
            byte[] content = Files.readAllBytes(file);
            String md5 = hash("MD5", content);
            f.put("size", String.valueOf(content.length));
            f.put("md5Checksum", md5);
            f.put("headRevisionId", "rev-" + md5.substring(0, 12));
            int[] dims = dimensions(file, content);
            if (dims != null) {
                f.putObject(f.path("mimeType").asText().startsWith("video/") ? "videoMediaMetadata" : "imageMediaMetadata")
                        .put("width", dims[0]).put("height", dims[1]);
            }
        }
        return f;
    }

    /** Images: read from the file. Videos: from a WIDTHxHEIGHT in the name (this Drive decodes no video). */
    private static int[] dimensions(Path file, byte[] content) {
        String mime = mimeType(file);
        if (mime.startsWith("image/")) {
            try {
                BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(content));
                if (image != null) {
                    return new int[] {image.getWidth(), image.getHeight()};
                }
            } catch (IOException unreadable) {
                // fall back to the name
            }
        }
        if (mime.startsWith("image/") || mime.startsWith("video/")) {
            Matcher m = DIMENSIONS.matcher(file.getFileName().toString());
            if (m.find()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            }
        }
        return null;
    }

    static String mimeType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> types = Map.of(".png", "image/png", ".jpg", "image/jpeg", ".jpeg", "image/jpeg", ".gif", "image/gif",
                ".mp4", "video/mp4", ".mov", "video/quicktime", ".json", "application/json", ".txt", "text/plain");
        return types.entrySet().stream().filter(e -> name.endsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse("application/octet-stream");
    }

    /** Ids are derived from the path below the root, so they stay the same across restarts. */
    private String idOf(Path file) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        return relative.isEmpty() ? ROOT_ID : (Files.isDirectory(file) ? "fo" : "fi") + hash("SHA-256", relative.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
    }

    private Path locate(String id) throws IOException {
        if (ROOT_ID.equals(id)) {
            return root;
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).filter(p -> id.equals(idOf(p))).findFirst().orElse(null);
        }
    }

    /** Keeps only the fields asked for: "nextPageToken, files(id,name,imageMediaMetadata(width,height))". */
    static ObjectNode select(ObjectNode node, String fields) {
        if (fields == null || fields.isBlank() || "*".equals(fields.trim())) {
            return node;
        }
        ObjectNode out = JSON.createObjectNode();
        for (String field : splitTopLevel(fields)) {
            int paren = field.indexOf('(');
            String name = paren < 0 ? field : field.substring(0, paren);
            JsonNode value = node.get(name);
            if (value == null) {
                continue;
            }
            if (paren < 0) {
                out.set(name, value);
            } else {
                String inner = field.substring(paren + 1, field.lastIndexOf(')'));
                if (value.isArray()) {
                    ArrayNode items = out.putArray(name);
                    value.forEach(v -> items.add(select((ObjectNode) v, inner)));
                } else {
                    out.set(name, select((ObjectNode) value, inner));
                }
            }
        }
        return out;
    }

    private static List<String> splitTopLevel(String fields) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : fields.toCharArray()) {
            if (c == ',' && depth == 0) {
                parts.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString().trim());
        }
        return parts;
    }

    private static String hash(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
