package io.adrelay;

import java.time.Duration;

import io.adrelay.sandbox.Fault;

/**
 * What the lost-answer tests share: adrelay reads for 1 s and looks for a lost create's effect 6 s after sending it;
 * the API makes the object at once and holds its answer past the read timeout ("hold"), or makes it after adrelay
 * gave up waiting ("late").
 */
public final class LostAnswers {

    /** When the API answers (hold) or acts (late) after the request. */
    public static final Duration AFTER = Duration.ofMillis(2500);

    private LostAnswers() {
    }

    public static TestRuntime shortTimeouts(TestRuntime app) {
        return app.set("camel.component.http.so-timeout", "1000").set("adrelay.egress.check-after-ms", "6000");
    }

    public static Fault fault(String kind) {
        return kind.equals("hold") ? Fault.holdAnswer(AFTER) : Fault.actLate(AFTER);
    }
}
