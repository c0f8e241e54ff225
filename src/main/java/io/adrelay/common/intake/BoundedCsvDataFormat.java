package io.adrelay.common.intake;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.camel.Exchange;
import org.apache.camel.dataformat.csv.CsvDataFormat;
import io.adrelay.common.InvalidInputException;

/**
 * The one CSV data format of adrelay's routes, bound as bean {@code boundedCsv}: a route that turns CSV into rows
 * says so, {@code unmarshal: {custom: {ref: boundedCsv}}}. camel-csv with commons-csv's default format (RFC 4180;
 * the header is the first row), each record a list of strings, all of them held in memory: so it reads at most
 * {@code adrelay.csv.max-bytes} and refuses the rest unread. More than that, or text that is not CSV, is bad input
 * ({@link InvalidInputException}: final, another try cannot change it). A file too big to hold (a Snap feed, an
 * APISync drop) is streamed by its bean instead.
 */
public class BoundedCsvDataFormat extends CsvDataFormat {

    /** The bean name the routes use. */
    public static final String NAME = "boundedCsv";

    private final long maxBytes;

    public BoundedCsvDataFormat(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream in) throws Exception {
        return unmarshal(exchange, (Object) in);
    }

    /** What a route's unmarshal step calls: the body is read as a stream, through the bound. */
    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        InputStream in = body instanceof InputStream stream ? stream
                : exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class, exchange, body);
        try {
            return super.unmarshal(exchange, (Object) new Bounded(in, maxBytes));
        } catch (InvalidInputException tooBig) {
            throw tooBig;
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException unreadable) {
            // commons-csv reports a syntax error as a CSVException (an IOException), wrapped unchecked while iterating
            throw new InvalidInputException("not readable CSV: " + unreadable.getMessage());
        }
    }

    /** The input, refused once it goes past the bound (before more of it is read into rows). */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new InvalidInputException("more than " + max + " bytes of CSV (adrelay.csv.max-bytes): refused, the rest not read");
            }
        }
    }
}
