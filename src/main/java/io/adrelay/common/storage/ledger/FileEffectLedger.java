package io.adrelay.common.storage.ledger;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;

/** The embedded ledger: one file per kind of effect, state/idempotency/&lt;effect&gt;.dat, one key a line. */
public class FileEffectLedger implements EffectLedger {

    private final Path dir;
    private final int cacheSize;
    private final Map<String, IdempotentRepository> repositories = new ConcurrentHashMap<>();

    public FileEffectLedger(Path dir, int cacheSize) {
        this.dir = dir;
        this.cacheSize = cacheSize;
    }

    @Override
    public IdempotentRepository repository(String effect) {
        return repositories.computeIfAbsent(effect, name -> {
            FileIdempotentRepository repo = new FileIdempotentRepository();
            repo.setFileStore(dir.resolve(name + ".dat").toFile());
            repo.setCacheSize(cacheSize);
            // keep every key: dropping old ones would let an old effect happen again
            repo.setMaxFileStoreSize(Long.MAX_VALUE);
            ServiceHelper.startService(repo);
            return repo;
        });
    }

    @Override
    public void close() {
        repositories.values().forEach(ServiceHelper::stopService);
    }
}
