package io.adrelay.ops;

import org.apache.camel.Exchange;

/** What a run does: route one exchange through the job and hand it back, its outcome in it. */
@FunctionalInterface
public interface JobWork {

    Exchange run(RunningJob run) throws Exception;
}
