package io.adrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.adrelay.sandbox.Simulator;
import io.adrelay.sandbox.apisync.ApisyncSimulator;

/** APISync at the simulator's one limit over every request (20 a second): a CSV of N inventory items dropped in the inbox. */
final class ApisyncEgressLoad implements EgressLoad {

    static final int PER_SECOND = 20;
    private static final String TOKEN = "bench-apisync-token";

    private final int items;
    private ApisyncSimulator apisync;

    ApisyncEgressLoad(int items) {
        this.items = items;
    }

    @Override
    public void configure(AdrelayProcess adrelay) {
        apisync = new ApisyncSimulator(TOKEN, PER_SECOND).start();
        adrelay.env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", TOKEN)
                .env("APISYNC_WEBHOOK_SECRET", "bench-apisync-webhook-secret");
    }

    @Override
    public void push(AdrelayProcess adrelay) throws IOException {
        Path inbox = Files.createDirectories(adrelay.data().resolve("inbox/apisync/inventory-items"));
        StringBuilder csv = new StringBuilder("reference_id,ad_template_type,available,content_language,title,price_amount,price_currency\n");
        for (int i = 1; i <= items; i++) {
            csv.append("bench-").append(i).append(",shoe,true,pt-br,Shoe ").append(i).append(',').append(1000 + i).append(",BRL\n");
        }
        // written beside the inbox, then moved in whole
        Path written = Files.writeString(adrelay.data().resolve("items.csv"), csv);
        Files.move(written, inbox.resolve("items.csv"), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public boolean done() {
        return apisync.count("inventory-items") >= items;
    }

    @Override
    public String progress() {
        return apisync.count("inventory-items") + " of " + items + " inventory items from one CSV drop";
    }

    @Override
    public List<String> throttles() {
        return List.of("apisync.read.throttle", "apisync.write.throttle");
    }

    @Override
    public List<EgressFigure> figures() {
        return List.of(EgressFigure.of("apisync", PER_SECOND + "/s", PER_SECOND, Duration.ofSeconds(1), apisync.journal().entries()));
    }

    @Override
    public List<Simulator> simulators() {
        return List.of(apisync);
    }

    @Override
    public void close() {
        if (apisync != null) {
            apisync.close();
        }
    }
}
