# syntax=docker/dockerfile:1
# --- build: the fat jar -------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY application.properties .
COPY routes ./routes
COPY src ./src
RUN mvn -B -ntp -DskipTests package

# --- run: JRE only, non-root, data on a volume ----------------------------------------
FROM eclipse-temurin:17-jre
# a fixed uid/gid, so that a Kubernetes fsGroup (deploy/kubernetes) can make the data volume writable for it
RUN groupadd --system --gid 10001 adrelay && useradd --system --uid 10001 --gid adrelay --home-dir /app adrelay \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/adrelay.jar /app/adrelay.jar
COPY application.properties /app/application.properties
# Class data sharing (AppCDS): one training start of the jar in prod, at build, records the classes a start loads in
# /app/adrelay.jsa (about 55 MiB); each start maps them instead of reading and verifying them from the jar: 20-40 % less
# CPU to ready (bench/start.sh). Made here, against this jar and this JVM, which it is only good for.
COPY deploy/docker/cds-archive.sh /tmp/cds-archive.sh
RUN sh /tmp/cds-archive.sh /app/adrelay.jar /app/adrelay.jsa && rm /tmp/cds-archive.sh
# the routes are in the jar. The operators' override directory is /data/routes, on the data volume (made at start
# with a README of its own): copy a route file there to change it, and the change outlives the container. Mounting a
# ConfigMap or a folder of your own elsewhere works too: set ADRELAY_ROUTES_DIR to it.
RUN mkdir -p /data && chown -R adrelay:adrelay /data
# in a container the port is published by the runtime, so listen on every interface (the sandbox's
# default is 127.0.0.1). Beyond loopback the sandbox's /ops would be open to the network, so the sandbox
# too needs ADRELAY_OPS_TOKEN (docker run -e ADRELAY_OPS_TOKEN=...): without it, it exits with code 2.
# One data dir per profile: mount a different volume for sandbox and prod.
# The heap adrelay is sized and tested for (README, Memory): every inbox limit holds in it; give the
# container 512 MiB. -XX:SharedArchiveFile: the archive made above (-Xlog:cds*=off: were it ever unusable, the JVM
# reads the classes from the jar without printing a line of its own into the log). No -XX:TieredStopAtLevel=1: it would
# start faster and then run slower (webhooks after 20 s of load: 4,240/s at 345 us of CPU each, against 6,468/s at 182 us;
# only the first file drops after a start gain, 0.85 x the disk's fsync rate against 0.73 x); nor higher C2 thresholds
# (-XX:Tier4*: five to ten times the defaults made a start to ready and stop 0.89 x as long, and took webhooks 5-10 %
# slower after 30 s of load: 5,215-6,265/s at 187-255 us of CPU each, against 6,212-6,572/s at 176-197 us); nor JIT
# compiler threads at a lower priority (nice 19: ready 0.15 s sooner, but the first 2,000 files dropped after a start left
# their inbox 20-35 % slower, bench/drops.sh; and as a user other than root -XX:ThreadPriorityPolicy=1 prints a warning
# line of its own). -XX:G1PeriodicGCInterval: after 5 s without a collection (an idle adrelay: under load there is one
# every few seconds anyway) G1 collects and gives the heap it no longer needs back to the system: 10 s after ready
# prod's RSS is 150 MiB instead of 175-197, the sandbox's 190-239 instead of 235-277.
ENV ADRELAY_DATA_DIR=/data \
    ADRELAY_HTTP_PORT=8080 \
    ADRELAY_BIND_ADDRESS=0.0.0.0 \
    JAVA_OPTS="-Xmx256m -XX:+ExitOnOutOfMemoryError -XX:G1PeriodicGCInterval=5000 -XX:SharedArchiveFile=/app/adrelay.jsa -Xlog:cds*=off"
VOLUME ["/data"]
EXPOSE 8080
USER adrelay
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${ADRELAY_HTTP_PORT}/observe/health/ready" || exit 1
# SIGTERM (docker stop) stops adrelay within about 9 s: an 8 s grace for work in flight (camel.main.shutdown-timeout)
STOPSIGNAL SIGTERM
# the jar starts the sandbox (the default profile; give it ADRELAY_OPS_TOKEN) or, with ADRELAY_PROFILE=prod, the runtime
# alone. The JVM options go on the command line: JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS make the JVM print a
# "Picked up ..." line of its own, which would be the one line of a JSON log (ADRELAY_LOG_FORMAT=json) that is not
# JSON. exec: java is PID 1 and gets the SIGTERM itself.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/adrelay.jar \"$@\"", "adrelay"]
