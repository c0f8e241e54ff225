package io.adrelay.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a simulator answers: status, headers and body. */
public final class SimResponse {

    /** The simulators' one JSON mapper. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    private SimResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    /** A JSON answer; a String is sent as it is, anything else is serialised by Jackson. */
    public static SimResponse json(int status, Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return new SimResponse(status, "application/json", text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static SimResponse text(int status, String contentType, String body) {
        return new SimResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse bytes(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, body);
    }

    public static SimResponse empty(int status) {
        return new SimResponse(status, null, new byte[0]);
    }

    public SimResponse withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }
}
