# Sourced by the bench scripts: image_java_opts prints the JVM options the image starts adrelay with (the Dockerfile's
# JAVA_OPTS), its class data sharing archive left out (a bench that wants one makes its own with
# deploy/docker/cds-archive.sh), so that every figure is of adrelay as it ships. A script that sets its own heap puts
# its -Xmx after these: the last one counts.
image_java_opts() {
  sed -n 's/^ *JAVA_OPTS="\([^"]*\)".*/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../Dockerfile" \
    | sed -E 's/ ?-XX:SharedArchiveFile=[^ ]*//; s/ ?-Xlog:cds[^ ]*//'
}
