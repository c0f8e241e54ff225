package io.adrelay.common.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.egress.RetryPolicy;

/** The CSV format routes unmarshal with: rows of strings, at most its bound read, and what is not CSV refused as bad input. */
class BoundedCsvDataFormatTest {

    final DefaultCamelContext context = new DefaultCamelContext();
    final BoundedCsvDataFormat format = new BoundedCsvDataFormat(64);

    @AfterEach
    void stop() throws Exception {
        ServiceHelper.stopService(format);
        context.close();
    }

    @Test
    void readsRowsOfStringsTheHeaderFirst() throws Exception {
        assertEquals(List.of(List.of("A", "B"), List.of("1", "2,5")), unmarshal("\"A\",\"B\"\n\"1\",\"2,5\"\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesMoreThanItsBoundWithoutReadingTheRest() throws Exception {
        CountingInput input = new CountingInput(("\"A\",\"B\"\n" + "\"1\",\"2\"\n".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        ServiceHelper.startService(format);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> format.unmarshal(new DefaultExchange(context), input));
        assertTrue(e.getMessage().contains("more than 64 bytes of CSV (adrelay.csv.max-bytes)"), e.getMessage());
        assertTrue(input.read < 64 * 1024, "read " + input.read + " bytes of 800 kB");
        assertFalse(RetryPolicy.isRetryable(e), "another try cannot change it");
    }

    @Test
    void aBodyOfBytesAsTheRouteGivesItIsBoundedToo() throws Exception {
        ServiceHelper.startService(format);
        Object body = ("\"A\",\"B\"\n" + "\"1\",\"2\"\n".repeat(100)).getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> format.unmarshal(new DefaultExchange(context), body));
        assertEquals(List.of(List.of("A")), format.unmarshal(new DefaultExchange(context), (Object) "A\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesTextThatIsNotCsvAsBadInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> unmarshal("\"A\",\"B\nunclosed".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("not readable CSV"), e.getMessage());
    }

    private Object unmarshal(byte[] csv) throws Exception {
        ServiceHelper.startService(format);
        return format.unmarshal(new DefaultExchange(context), new ByteArrayInputStream(csv));
    }

    /** An input that counts what was taken from it. */
    static final class CountingInput extends ByteArrayInputStream {
        long read;

        CountingInput(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b) {
            return read(b, 0, b.length);
        }

        @Override
        public byte[] readAllBytes() {
            throw new AssertionError("read whole");
        }

        @Override
        public long transferTo(java.io.OutputStream out) {
            throw new AssertionError("read whole");
        }
    }
}
