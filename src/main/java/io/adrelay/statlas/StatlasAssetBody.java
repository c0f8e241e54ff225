package io.adrelay.statlas;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.core5.http.ContentType;
import io.adrelay.common.inbox.InboxEntries;

/**
 * A dropped asset as a multipart part, streamed from its file: opened without following a link put in
 * its place after the consumer's check, and never more than the length it had then (the part's declared
 * length), so nothing swapped in can make the upload endless.
 */
final class StatlasAssetBody extends FileBody {

    private final long length;

    StatlasAssetBody(File file, long length, String name) {
        super(file, ContentType.DEFAULT_BINARY, name);
        this.length = length;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return InboxEntries.open(getFile().toPath());
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(getFile() + " shrank while it was uploaded: " + left + " of " + length + " bytes missing");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    @Override
    public long getContentLength() {
        return length;
    }
}
