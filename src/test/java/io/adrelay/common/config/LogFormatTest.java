package io.adrelay.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import io.adrelay.common.Json;

/**
 * adrelay's logging as the person on call reads it: ADRELAY_LOG_FORMAT in any case, one JSON object per line
 * carrying the route, exchange, job, run, tracking and dead-letter ids as fields when there are some, never an empty
 * field; an unknown format still prints (the start-up check refuses it, in one line).
 */
class LogFormatTest {

    @Test
    void jsonInAnyCaseIsOneObjectPerLineWithTheIdsAsFields() throws Exception {
        SecretMasker.register("secret-in-a-line-4711");
        List<String> lines = logged("JSON", log -> {
            MDC.setContextMap(Map.of("camel.routeId", "bsa-pull-report-daily-stats", "camel.exchangeId", "E-1",
                    "camel.contextId", "adrelay", LogContext.JOB, "bsa-pull-report-daily-stats", LogContext.RUN_ID, "run-1",
                    LogContext.TRACKING_ID, "t-1", LogContext.DEAD_LETTER_ID, "dl-1"));
            log.info("pulled with key secret-in-a-line-4711\nforged line");
            MDC.clear();
            log.warn("no ids here");
            log.error("failed", new IllegalStateException("boom secret-in-a-line-4711"));
        });
        assertEquals(3, lines.size(), lines.toString());
        JsonNode withIds = Json.MAPPER.readTree(lines.get(0));
        assertEquals("INFO", withIds.path("level").asText());
        assertEquals("bsa-pull-report-daily-stats", withIds.path("route_id").asText());
        assertEquals("E-1", withIds.path("exchange_id").asText());
        assertEquals("bsa-pull-report-daily-stats", withIds.path("job").asText());
        assertEquals("run-1", withIds.path("run_id").asText());
        assertEquals("t-1", withIds.path("tracking_id").asText());
        assertEquals("dl-1", withIds.path("dead_letter_id").asText());
        // the same message as in text: a line break from outside is escaped, so it cannot forge a line in either format
        assertEquals("pulled with key xxxxxx\\nforged line", withIds.path("message").asText());
        assertFalse(withIds.has("error"), "no error, no error field: " + lines.get(0));

        JsonNode plain = Json.MAPPER.readTree(lines.get(1));
        assertEquals(List.of("time", "level", "thread", "logger", "message"), names(plain), "no empty fields: " + lines.get(1));

        JsonNode failed = Json.MAPPER.readTree(lines.get(2));
        assertTrue(failed.path("error").asText().startsWith("java.lang.IllegalStateException: boom xxxxxx"), lines.get(2));
        for (String line : lines) {
            assertFalse(line.contains("\"\""), "no empty field: " + line);
        }
    }

    @Test
    void textIsTheDefaultAndAnUnknownFormatStillPrints() throws Exception {
        for (String format : new String[] {null, "Text", "xml"}) {
            List<String> lines = logged(format, log -> log.info("hello"));
            assertEquals(1, lines.size(), format + ": " + lines);
            assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[.*] test\\.logger - hello"), lines.get(0));
        }
    }

    @Test
    void aTextLinesErrorIsMaskedToo() throws Exception {
        SecretMasker.register("secret-in-a-trace-4712");
        List<String> lines = logged("text", log -> log.error("failed", new IllegalStateException("boom secret-in-a-trace-4712")));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" ERROR [main] test.logger - failed"), lines.get(0));
        assertEquals("java.lang.IllegalStateException: boom xxxxxx", lines.get(1));
    }

    @Test
    void theSettingIsOneOfTwoInAnyCase() {
        assertEquals(LogSettings.Format.JSON, LogSettings.Format.of(" Json "));
        assertEquals(LogSettings.Format.TEXT, LogSettings.Format.of(""));
        assertEquals(null, LogSettings.formatProblem("json"));
        assertEquals("ADRELAY_LOG_FORMAT=xml is not a log format: use text or json", LogSettings.formatProblem("xml"));
        assertEquals(null, LogSettings.levelProblem("debug"));
        assertEquals("ADRELAY_LOG_LEVEL=LOUD is not a log level: use ERROR, WARN, INFO, DEBUG or TRACE", LogSettings.levelProblem("LOUD"));
    }

    @Test
    void theProcessLogsThroughLogConfiguratorFoundAsAService() {
        // the test JVM's own logging was set up by logback's service lookup, as the runtime's is: no XML read
        LoggerContext running = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = running.getLogger(Logger.ROOT_LOGGER_NAME);
        assertTrue(root.getAppender("console") instanceof ConsoleAppender, "the console appender of LogConfigurator");
        assertEquals(Level.WARN, running.getLogger("org.quartz").getLevel());
        assertEquals(Level.ERROR, running.getLogger("org.apache.camel.impl.engine.DefaultShutdownStrategy").getLevel());
    }

    @Test
    void theRootLevelIsTheSettingInAnyCaseAndInfoWhenUnknown() {
        assertEquals(Level.DEBUG, rootLevel("debug"));
        assertEquals(Level.INFO, rootLevel(null));
        assertEquals(Level.INFO, rootLevel("LOUD"));
    }

    @Test
    void anOperatorsLogbackFileIsLeftToLogback() {
        System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, "/etc/adrelay/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            LogConfigurator configurator = new LogConfigurator();
            configurator.setContext(context);
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
            assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console"));
        } finally {
            System.clearProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
        }
    }

    private static Level rootLevel(String setting) {
        LoggerContext context = new LoggerContext();
        if (setting != null) {
            context.putProperty(LogSettings.LEVEL, setting);
        }
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        configurator.configure(context);
        Level level = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
        context.stop();
        return level;
    }

    interface Logging {
        void to(Logger log);
    }

    /** What adrelay's configuration prints to standard output, line by line, with ADRELAY_LOG_FORMAT as given. */
    static List<String> logged(String format, Logging logging) throws Exception {
        LoggerContext context = new LoggerContext();
        // the MDC that org.slf4j.MDC writes to
        context.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            context.putProperty("ADRELAY_LOG_FORMAT", format);
        }
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LogConfigurator configurator = new LogConfigurator();
            configurator.setContext(context);
            configurator.configure(context);
            logging.to(context.getLogger("test.logger"));
        } finally {
            context.stop();
            System.setOut(console);
            MDC.clear();
        }
        List<String> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("\tat ") && !line.startsWith("\t... ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
