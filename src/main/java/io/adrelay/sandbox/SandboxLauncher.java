package io.adrelay.sandbox;

import io.adrelay.Application;

/**
 * The jar's entry point: adrelay itself, with the sandbox's simulators started first when the
 * profile is sandbox (the default); in prod it is adrelay alone.
 */
public final class SandboxLauncher {

    private SandboxLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Application.run(args, new SimulatorStarter());
    }
}
