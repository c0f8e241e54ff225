package io.adrelay.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The sandbox's demo products: on a data dir that never had a demo feed, ten valid products are
 * dropped into inbox/snap/demo/ once, as a person would, so that after the first upload both product
 * sets of the packaged demo catalog hold products: "In stock", and "Acme or Globex under 50".
 */
final class SandboxDemoFeed {

    static final String FILE_NAME = "sandbox-demo-feed.csv";
    static final String CSV = "id,title,description,link,image_link,availability,price,condition,brand,gtin\n"
            + row("DEMO-1", "in stock", "39.00 USD", "Acme")
            + row("DEMO-2", "in stock", "24.50 USD", "Globex")
            + row("DEMO-3", "out of stock", "19.99 USD", "Acme")
            + row("DEMO-4", "in stock", "89.00 USD", "Acme")
            + row("DEMO-5", "preorder", "45.00 USD", "Globex")
            + row("DEMO-6", "in stock", "59.00 USD", "Initech")
            + row("DEMO-7", "out of stock", "120.00 USD", "Globex")
            + row("DEMO-8", "in stock", "15.00 USD", "Initech")
            + row("DEMO-9", "available for order", "49.99 USD", "Acme")
            + row("DEMO-10", "in stock", "72.00 USD", "Umbrella");

    private SandboxDemoFeed() {
    }

    /**
     * Drops the demo feed into dataDir/inbox/snap/demo/ unless feeds/demo.csv is already published or
     * that inbox already holds a file (the person's own feed, or the demo one not yet taken); true when dropped.
     */
    static boolean dropInto(Path dataDir) throws IOException {
        Path inbox = dataDir.resolve("inbox/snap/demo");
        if (Files.exists(dataDir.resolve("feeds/demo.csv")) || holdsAFile(inbox)) {
            return false;
        }
        Files.createDirectories(inbox);
        // written under a name the file drop ignores, then renamed: it is never read half-written
        Path part = Files.writeString(inbox.resolve(FILE_NAME + ".part"), CSV, StandardCharsets.UTF_8);
        Files.move(part, inbox.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static boolean holdsAFile(Path inbox) throws IOException {
        if (!Files.isDirectory(inbox)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(inbox)) {
            return entries.anyMatch(Files::isRegularFile);
        }
    }

    private static String row(String id, String availability, String price, String brand) {
        String page = "https://shop.example/" + id.toLowerCase(Locale.ROOT);
        return id + ",Demo product " + id + ",A demo product," + page + "," + page + ".jpg," + availability + "," + price + ",new," + brand + ",\n";
    }
}
