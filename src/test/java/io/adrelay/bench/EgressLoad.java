package io.adrelay.bench;

import java.util.List;

import io.adrelay.sandbox.Simulator;

/**
 * One API's part of the egress bench: its simulator(s) at the documented limit, what adrelay needs to call them,
 * the work that keeps its egress busy for several windows, and the figures read from the simulator's journal.
 */
interface EgressLoad extends AutoCloseable {

    /** Starts the simulators and gives adrelay their URLs and credentials (nothing else: throttles stay as shipped). */
    void configure(AdrelayProcess adrelay);

    /** Hands adrelay the work, once it is healthy. */
    void push(AdrelayProcess adrelay) throws Exception;

    /** All the work pushed has reached the API. */
    boolean done();

    /** What the work was and how far it got, e.g. "300 of 300 inventory items from one CSV drop". */
    String progress();

    /** The throttles of application.properties in front of it: their prefixes, e.g. "apisync.write.throttle". */
    List<String> throttles();

    /** One figure per limit of the API. */
    List<EgressFigure> figures();

    /** Its simulators, whose journals a run can keep (-Degress.journals=DIR). */
    List<Simulator> simulators();

    @Override
    void close();
}
