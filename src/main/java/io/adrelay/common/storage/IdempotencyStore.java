package io.adrelay.common.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Remembers which outbound effects are done, one file per effect under state/idempotency/,
 * so a restart never repeats one (Drive file + revision, webhook event, report + date, ...).
 */
public class IdempotencyStore {

    private final Path dir;
    private final int cacheSize;
    private final Map<String, IdempotentRepository> repositories = new ConcurrentHashMap<>();

    public IdempotencyStore(Path dir, int cacheSize) {
        this.dir = dir;
        this.cacheSize = cacheSize;
    }

    /** The repository of one effect, e.g. {@code bsa-report}; usable by the idempotentConsumer EIP too. */
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

    public boolean isDone(String effect, String key) {
        return repository(effect).contains(key);
    }

    public void markDone(String effect, String key) {
        repository(effect).add(key);
    }

    public void close() {
        repositories.values().forEach(ServiceHelper::stopService);
    }
}
