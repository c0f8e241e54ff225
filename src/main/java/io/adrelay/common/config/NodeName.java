package io.adrelay.common.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ADRELAY_NODE_NAME: the name of this adrelay among the nodes of a cluster, by default the host name (a pod's name).
 * It must outlive the process: the node's lock in the shared data dir, its Quartz instance id, and the {@code node} of
 * its job runs, calls in doubt and claims are in that name, so a node restarted under it picks up what it left.
 */
public final class NodeName {

    /** The property ADRELAY_NODE_NAME sets. */
    public static final String KEY = "adrelay.node-name";

    /** A DNS label's length, in the characters a file name, a Quartz instance id and a metric label all take. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    private NodeName() {
    }

    /** The node's name: ADRELAY_NODE_NAME, else the host name; null, with why added to the problems, when it is not one. */
    public static String of(Settings settings, Profile profile, List<String> problems) {
        String given = settings.get(KEY);
        if (!given.isEmpty()) {
            if (!VALID.matcher(given).matches()) {
                problems.add("ADRELAY_NODE_NAME=" + given + " is not a node name: 1 to 63 of A-Z a-z 0-9 . _ -");
                return null;
            }
            return given;
        }
        String host = hostName();
        if (VALID.matcher(host).matches()) {
            return host;
        }
        // only a cluster node is told apart by its name; the embedded profiles run one process per data dir
        if (profile == Profile.CLUSTER) {
            problems.add("the host name \"" + host + "\" is not a node name (1 to 63 of A-Z a-z 0-9 . _ -): set ADRELAY_NODE_NAME");
            return null;
        }
        return "adrelay";
    }

    /** Whether a text is a node name. */
    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "";
        }
    }
}
