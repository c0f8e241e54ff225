package io.adrelay.bsa;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.Exchange;
import io.adrelay.common.storage.DataDirectory;

/**
 * The files of a pulled day (bean bsaReportFiles), one step of routes/bsa-pull-report.camel.yaml each, written as
 * every file of the data dir is (temp name, fsync, rename, directory fsync), so a reader never sees half of one:
 * outbox/bsa/&lt;report&gt;/&lt;yyyy-mm-dd&gt;.csv and its normalised companion &lt;yyyy-mm-dd&gt;.normalized.csv.
 */
public class BsaReportFiles {

    /** Variable: the report's rows, the header first, as camel-csv read them. */
    static final String ROWS = "rows";

    private final DataDirectory data;

    public BsaReportFiles(DataDirectory data) {
        this.data = data;
    }

    /** &lt;day&gt;.csv: exactly the bytes BuySellAds returned (the message's body). */
    public void writeAsPulled(Exchange e) {
        DataDirectory.writeAtomically(file(e, ".csv"), e.getIn().getBody(byte[].class));
    }

    /** &lt;day&gt;.normalized.csv: the rows with money and rates as plain numbers. */
    public void writeNormalized(Exchange e) {
        List<List<String>> rows = rows(e);
        DataDirectory.writeAtomically(file(e, ".normalized.csv"),
                BsaReportNormaliser.normalise(rows.get(0), rows.subList(1, rows.size())).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> rows(Exchange e) {
        return e.getVariable(ROWS, List.class);
    }

    private Path file(Exchange e, String suffix) {
        return data.outbox("bsa").resolve(e.getIn().getHeader(BsaNames.REPORT, String.class))
                .resolve(e.getIn().getHeader(BsaNames.DATE, String.class) + suffix);
    }
}
