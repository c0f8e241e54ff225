package io.adrelay.sandbox;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's designer: once adrelay has made a batch's ad folders in the sandbox Drive, puts a
 * finished ad in each (a video or an image, as the ad needs, and its copy.json), so a newcomer sees
 * the batch delivered without doing anything.
 */
final class SandboxDesigner {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxDesigner.class);

    private SandboxDesigner() {
    }

    static void fill(Path driveRoot, JsonNode batch, BooleanSupplier stopped) {
        String code = batch.path("batch_code").asText();
        Path last = driveRoot.resolve(code).resolve(batch.path("ads").get(batch.path("ads").size() - 1).path("ad_code").asText());
        try {
            for (int i = 0; i < 60 && !Files.isDirectory(last) && !stopped.getAsBoolean(); i++) {
                TimeUnit.SECONDS.sleep(1);
            }
            if (!Files.isDirectory(last)) {
                return;
            }
            for (JsonNode ad : batch.path("ads")) {
                Path folder = driveRoot.resolve(code).resolve(ad.path("ad_code").asText());
                int n = ad.path("ad_no").asInt();
                if ("video".equals(ad.path("ad_type").asText())) {
                    Files.write(folder.resolve("demo_spot_" + n + "_1080x1920.mp4"), ("demo video " + n).getBytes(StandardCharsets.UTF_8));
                } else {
                    Files.write(folder.resolve("demo_still_" + n + ".png"), png(n));
                }
                Files.writeString(folder.resolve("copy.json"), "{\"headline\": \"Demo ad " + n + "\", \"description\": \"Made in the sandbox\""
                        + ("video".equals(ad.path("ad_type").asText()) ? ", \"body\": \"Give the gift of radiant skin.\"" : "") + "}");
            }
            LOG.info("Sandbox designer finished {} in {}", code, driveRoot.resolve(code));
        } catch (IOException e) {
            LOG.warn("Sandbox designer could not fill {}: {}", code, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] png(int n) throws IOException {
        BufferedImage image = new BufferedImage(108, 108, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40 * n % 255, 120, 200));
        g.fillRect(0, 0, 108, 108);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
