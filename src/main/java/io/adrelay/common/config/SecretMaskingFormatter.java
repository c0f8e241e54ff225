package io.adrelay.common.config;

import org.apache.camel.spi.MaskingFormatter;

/**
 * Camel's log mask ({@code camel.main.log-mask}) done by {@link SecretMasker}, bound as
 * {@value MaskingFormatter#CUSTOM_LOG_MASK_REF}: the log EIP masks the same secrets and shapes as every other line.
 * Camel's default formatter runs three case-insensitive regular expressions over every message; it was half of the
 * intake's CPU when each stored event logs one line. SecretMasker skips its expressions for a text without any of
 * the words a secret's name holds.
 */
public final class SecretMaskingFormatter implements MaskingFormatter {

    @Override
    public String format(String source) {
        return SecretMasker.mask(source);
    }
}
