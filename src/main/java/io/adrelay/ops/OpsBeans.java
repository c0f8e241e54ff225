package io.adrelay.ops;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import io.adrelay.common.config.Profile;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.config.Settings;
import io.adrelay.common.egress.EgressAnswers;
import io.adrelay.common.egress.EgressBudgets;

/** The beans behind /ops/*, bound once; lazy, so each is made with the final settings. */
@Configuration
public class OpsBeans implements CamelConfiguration {

    @BindToRegistry(value = "opsAuthorization", lazy = true)
    public OpsAuthorization opsAuthorization(@PropertyInject("adrelay.profile") String profile, @PropertyInject("adrelay.ops-token") String token) {
        return new OpsAuthorization(Profile.of(profile) == Profile.SANDBOX, token);
    }

    @BindToRegistry(value = "jobRunRequests", lazy = true)
    public JobRunRequests jobRunRequests(CamelContext context, JobRuns runs) {
        return new JobRunRequests(new JobCatalog(context, runs), runs);
    }

    @BindToRegistry(value = "flowOverview", lazy = true)
    public FlowOverview flowOverview(CamelContext context, EgressBudgets egressBudgets, EgressAnswers egressAnswers, DeadLetterStore deadLetters) {
        return new FlowOverview(context, new Settings(context).flows(), egressBudgets, egressAnswers, deadLetters);
    }

    @BindToRegistry(value = "deadLetterReplay", lazy = true)
    public DeadLetterReplay deadLetterReplay(DeadLetterStore deadLetters) {
        return new DeadLetterReplay(deadLetters);
    }

    @BindToRegistry(value = "catchUpRuns", lazy = true)
    public CatchUpRuns catchUpRuns(JobRuns runs) {
        return new CatchUpRuns(runs);
    }
}
