package io.leakwatch.agent.config;

import io.leakwatch.report.ReportFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsParserTest {

    @Test
    void defaultsWhenNothingIsGiven() {
        OptionsParser.Result r = OptionsParser.parse(null, new Properties());
        assertEquals(List.of(), r.problems());
        assertEquals(LeakWatchOptions.defaults(), r.options());
        assertEquals(16, r.options().depth());
        assertEquals(LeakWatchOptions.ALL_KINDS, r.options().kinds());
        assertTrue(r.options().adaptiveStacks(), "stacks=adaptive is the default");
    }

    @Test
    void agentArgumentsAreParsed() {
        OptionsParser.Result r = OptionsParser.parse(
            "report=/tmp/r-{pid}.json,depth=5,kinds=file;socket,trim=org.apache.commons.io.;com.acme.io.,"
            + "gcAtExit=false,summary=off,format=text,leakedDetail=7,stacks=all", new Properties());
        assertEquals(List.of(), r.problems());
        LeakWatchOptions o = r.options();
        assertEquals(Optional.of("/tmp/r-{pid}.json"), o.reportPath());
        assertEquals(5, o.depth());
        assertEquals(Set.of("file", "socket"), o.kinds());
        assertEquals(List.of("org.apache.commons.io.", "com.acme.io."), o.trim());
        assertEquals(false, o.gcAtExit());
        assertEquals(false, o.summary());
        assertEquals(ReportFormatType.TEXT, o.formatFor("x.json"));
        assertEquals(7, o.leakedDetail());
        assertEquals(false, o.adaptiveStacks());
    }

    @Test
    void formatFollowsTheReportPathUnlessGiven() {
        LeakWatchOptions o = OptionsParser.parse("report=a.json", new Properties()).options();
        assertEquals(ReportFormatType.JSON, o.formatFor("a.json"));
        assertEquals(ReportFormatType.TEXT, o.formatFor("a.txt"));
    }

    @Test
    void precedenceIsArgumentsThenPropertiesThenConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("leakwatch.properties");
        Files.writeString(config, "depth=3\nreport=from-file.txt\nkinds=pipe\n");
        Properties props = new Properties();
        props.setProperty("leakwatch.config", config.toString());
        props.setProperty("leakwatch.depth", "4");
        props.setProperty("unrelated.key", "x");
        OptionsParser.Result r = OptionsParser.parse("report=from-args.txt", props);
        assertEquals(List.of(), r.problems());
        assertEquals(4, r.options().depth());
        assertEquals(Optional.of("from-args.txt"), r.options().reportPath());
        assertEquals(Set.of("pipe"), r.options().kinds());
    }

    @Test
    void unknownKeyGivesOneLineNamingItAndTheValidKeys() {
        OptionsParser.Result r = OptionsParser.parse("depht=3", new Properties());
        assertEquals(List.of("unknown option 'depht'; valid options: config, depth, format, gcAtExit, kinds, "
                             + "leakedDetail, pools, report, stacks, summary, trim"), r.problems());
        assertEquals(16, r.options().depth());
    }

    @Test
    void badValuesNameTheKeyAndTheValidChoicesAndKeepTheDefault() {
        OptionsParser.Result r = OptionsParser.parse("depth=0,format=xml,kinds=file;gpu,gcAtExit=maybe,stacks=some",
                                                     new Properties());
        assertEquals(List.of(
            "option depth: '0' is not a whole number from 1 to 1024",
            "option format: 'xml' is not a report format; valid: text, json, html",
            "option kinds: 'gpu' is not a kind; valid: all, cuda, file, jdbc, jdbcpool, pipe, selector, socket, statement, threadpool (separate several with ';')",
            "option gcAtExit: 'maybe' is not a boolean; valid: true, false",
            "option stacks: 'some' is not a stack policy; valid: all, adaptive"), r.problems());
        assertEquals(LeakWatchOptions.defaults(), r.options());
    }

    @Test
    void missingConfigFileIsReportedNotFatal() {
        Properties props = new Properties();
        props.setProperty("leakwatch.config", "/nonexistent/leakwatch.properties");
        OptionsParser.Result r = OptionsParser.parse(null, props);
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("config file '/nonexistent/leakwatch.properties' cannot be read"),
                   r.problems().get(0));
    }

    @Test
    void optionWithoutValueIsReported() {
        OptionsParser.Result r = OptionsParser.parse("report", new Properties());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("option 'report' has no value; write key=value"));
    }

    @Test
    void blankTrimEntriesAreDroppedAndEntriesTrimmed() {
        LeakWatchOptions o = OptionsParser.parse("trim=;com.acme.; org.lib. ;", new Properties()).options();
        assertEquals(List.of("com.acme.", "org.lib."), o.trim());
    }

    @Test
    void emptyKindsIsAnErrorNotSilence() {
        OptionsParser.Result r = OptionsParser.parse("kinds=", new Properties());
        assertEquals(List.of("option kinds: no kind given; valid: all, cuda, file, jdbc, jdbcpool, pipe, selector, socket, statement, threadpool "
                             + "(separate several with ';')"), r.problems());
        assertEquals(LeakWatchOptions.ALL_KINDS, r.options().kinds());
    }
}
