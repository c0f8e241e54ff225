package io.adrelay.sandbox;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.camel.support.service.ServiceSupport;

/**
 * The sandbox profile's outside world: one simulator per enabled API on loopback, seeded with
 * demo data, and the properties that point adrelay at them (base URLs and throwaway secrets).
 * Runs beside the CamelContext, not in it; stopped with it.
 */
public final class Sandbox extends ServiceSupport {

    private final List<Simulator> simulators = new ArrayList<>();
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Sandbox() {
    }

    public static Sandbox start(Set<String> flows) {
        Sandbox sandbox = new Sandbox();
        if (flows.contains("bsa")) {
            String key = secret("bsa");
            BsaSimulator bsa = sandbox.add(new BsaSimulator(key, LocalDate.now()));
            sandbox.overrides.put("bsa.base-url", bsa.baseUrl());
            sandbox.overrides.put("bsa.api-key", key);
        }
        return sandbox;
    }

    /** Properties that point the routes at the simulators. */
    public Map<String, String> overrides() {
        return overrides;
    }

    private <T extends Simulator> T add(T simulator) {
        simulator.start();
        simulators.add(simulator);
        return simulator;
    }

    /** A fresh secret per run: the sandbox has no real credentials, and none is ever defaulted. */
    private static String secret(String api) {
        return "sandbox-" + api + "-" + UUID.randomUUID();
    }

    @Override
    protected void doStop() {
        simulators.forEach(Simulator::close);
        simulators.clear();
    }
}
