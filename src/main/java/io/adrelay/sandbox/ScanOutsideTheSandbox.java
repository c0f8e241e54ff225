package io.adrelay.sandbox;

import java.util.Set;

import org.apache.camel.spi.PackageScanFilter;
import org.apache.camel.support.scan.DefaultPackageScanClassResolver;

/**
 * camel-main's package scan of the runtime (base package io.adrelay) without the sandbox's classes: the scan loads every
 * class it passes to see what it is, and none here is for it to find (the launcher starts the simulators itself). So a
 * prod start loads no simulator class.
 */
final class ScanOutsideTheSandbox extends DefaultPackageScanClassResolver {

    private static final String SANDBOX = ScanOutsideTheSandbox.class.getPackageName().replace('.', '/') + "/";

    @Override
    protected void addIfMatching(PackageScanFilter test, String fqn, Set<Class<?>> classes) {
        if (!fqn.startsWith(SANDBOX)) {
            super.addIfMatching(test, fqn, classes);
        }
    }
}
