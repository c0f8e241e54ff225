package io.adrelay.common.storage.intake;

/** The intake store of each queue, by name: {@code statlas/events}, {@code apisync/requests}. */
@FunctionalInterface
public interface IntakeStores {

    IntakeStore queue(String name);
}
