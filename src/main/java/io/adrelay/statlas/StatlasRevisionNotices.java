package io.adrelay.statlas;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import io.adrelay.common.storage.DataDirectory;

/**
 * Writes one file (bean statlasRevisionNotices): a revision request's notice, the body, as
 * outbox/statlas/revisions/&lt;batch_id&gt;-ad&lt;ad_no&gt;-&lt;epoch ms&gt;.json, for whoever reworks the ad. Durably
 * (temp name, fsync, rename), which a {@code file:} endpoint cannot do.
 */
public class StatlasRevisionNotices {

    private final Path dir;

    StatlasRevisionNotices(Path dir) {
        this.dir = dir;
    }

    public void write(Exchange e) throws IOException {
        JsonNode notice = Json.MAPPER.readTree(e.getIn().getBody(String.class));
        DataDirectory.writeObject(dir.resolve(notice.path("batch_id").asText() + "-ad" + notice.path("ad_no").asInt() + "-"
                + System.currentTimeMillis() + ".json"), notice);
    }
}
