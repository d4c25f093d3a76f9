package io.leakwatch.agent.config;

import io.leakwatch.bootstrap.ResourceKind;
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
        assertEquals(LeakWatchOptions.defaultKinds(), r.options().kinds());
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
        assertEquals(Set.of(ResourceKind.FILE, ResourceKind.SOCKET), o.kinds());
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
        assertEquals(Set.of(ResourceKind.PIPE), r.options().kinds());
    }

    @Test
    void unknownKeyGivesOneLineNamingItAndTheValidKeys() {
        OptionsParser.Result r = OptionsParser.parse("depht=3", new Properties());
        assertEquals(List.of("unknown option 'depht'; valid options: cache, config, depth, exitcode, failon, format, gcAtExit, "
                             + "holdthreshold, jmx, kinds, leakedDetail, limit.<kind>, limit.cuda.bytes, limit.tempfile.bytes, "
                             + "occupancy.critical, "
                             + "occupancy.warning, onlimit, pools, process.critical, process.interval, process.warning, "
                             + "report, report.include, stacks, summary, suppressions, trace, trace.files, trace.kinds, "
                             + "trace.maxSize, trim"), r.problems());
        assertEquals(16, r.options().depth());
    }

    @Test
    void badValuesNameTheKeyAndTheValidChoicesAndKeepTheDefault() {
        OptionsParser.Result r = OptionsParser.parse("depth=0,format=xml,kinds=file;gpu,gcAtExit=maybe,stacks=some",
                                                     new Properties());
        assertEquals(List.of(
            "option depth: '0' is not a whole number from 1 to 1024",
            "option format: 'xml' is not a report format; valid: text, json, html",
            "option kinds: 'gpu' is not a kind; valid: all, file, socket, pipe, selector, threadpool, jdbc, jdbcpool, cuda, statement, process, thread, tempfile (separate several with ';')",
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
        assertEquals("config file '/nonexistent/leakwatch.properties' cannot be read: no such file; it must be a "
                     + "readable Java properties file of key=value lines", r.problems().get(0));
    }

    @Test
    void aConfigFileThatIsADirectorySaysSo(@TempDir Path dir) {
        Properties props = new Properties();
        props.setProperty("leakwatch.config", dir.toString());
        OptionsParser.Result r = OptionsParser.parse(null, props);
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("config file '" + dir + "' cannot be read: ")
                   && !r.problems().get(0).contains("(IOException)"), r.problems().get(0));
    }

    @Test
    void kindsAfterACommaContinueTheListAsOnTheCommandLine() {
        OptionsParser.Result r = OptionsParser.parse("kinds=file,socket,jdbc,report=r.json,report.include=jvm,runner",
                                                     new Properties());
        assertEquals(List.of(), r.problems());
        assertEquals(List.of("file", "socket", "jdbc"), LeakWatchOptions.labels(r.options().kinds()));
        assertEquals("r.json", r.options().reportPath().orElseThrow());
        assertEquals(Set.of("jvm", "runner"), Set.copyOf(r.options().include()));
        // a bare word after an option that takes no list is still an error, with the valid keys
        OptionsParser.Result bad = OptionsParser.parse("depth=3,socket", new Properties());
        assertTrue(bad.problems().get(0).startsWith("option 'socket' has no value; write key=value"),
                   bad.problems().toString());
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
        assertEquals(List.of("option kinds: no kind given; valid: all, file, socket, pipe, selector, threadpool, jdbc, jdbcpool, cuda, statement, process, thread, tempfile "
                             + "(separate several with ';')"), r.problems());
        assertEquals(LeakWatchOptions.defaultKinds(), r.options().kinds());
    }

    @Test
    void gateLimitAndLiveOptionsAreParsed() {
        OptionsParser.Result r = OptionsParser.parse(
            "exitcode=23,failon=leaked,suppressions=leaks.supp,limit.file=100,limit.jdbc=0,limit.cuda.bytes=2g,"
            + "onlimit=fail,occupancy.warning=70%,occupancy.critical=90,jmx=false,holdthreshold=90s,"
            + "process.interval=500ms,process.warning=60,process.critical=85", new Properties());
        assertEquals(List.of(), r.problems());
        LeakWatchOptions o = r.options();
        assertEquals(new GateOptions(java.util.OptionalInt.of(23), true, Optional.of("leaks.supp")), o.gate());
        assertEquals(new LimitOptions(java.util.Map.of(ResourceKind.FILE, 100L, ResourceKind.JDBC, 0L,
                                                        ResourceKind.CUDA, 2L << 30), true, 70, 90), o.limits());
        assertEquals(new LiveOptions(false, java.util.OptionalLong.of(90_000), 500, 60, 85), o.live());
    }

    @Test
    void traceOptionsAreParsedAndBadOnesNameTheValidChoices() {
        OptionsParser.Result r = OptionsParser.parse(
            "trace=/tmp/t-{pid}.jsonl,trace.maxSize=8m,trace.files=2,trace.kinds=file;socket", new Properties());
        assertEquals(List.of(), r.problems());
        assertEquals(new TraceOptions(Optional.of("/tmp/t-{pid}.jsonl"), 8L << 20, 2,
                                      Optional.of(java.util.EnumSet.of(ResourceKind.FILE, ResourceKind.SOCKET))),
                     r.options().trace());
        assertEquals(java.util.EnumSet.of(ResourceKind.FILE),
                     r.options().trace().tracedOf(java.util.EnumSet.of(ResourceKind.FILE, ResourceKind.PIPE)));
        OptionsParser.Result bad = OptionsParser.parse("trace=,trace.maxSize=1k,trace.files=0,trace.kinds=filez",
                                                       new Properties());
        assertEquals(List.of(
            "option trace: an empty path; give a file path, e.g. trace=leakwatch-{pid}.jsonl",
            "option trace.maxSize: '1k' is below 4k, the smallest size a trace file is rotated at; give e.g. "
            + "trace.maxSize=64m",
            "option trace.files: '0' is not a whole number from 1 to 1000",
            "option trace.kinds: 'filez' is not a kind; valid: all, file, socket, pipe, selector, threadpool, jdbc, "
            + "jdbcpool, cuda, statement, process, thread, tempfile (separate several with ';')"), bad.problems());
        assertEquals(TraceOptions.NONE, bad.options().trace());
    }

    @Test
    void badGateLimitAndLiveValuesNameTheValidChoices() {
        OptionsParser.Result r = OptionsParser.parse(
            "exitcode=300,failon=never,limit.files=3,limit.cuda=5,limit.cuda.bytes=lots,onlimit=crash,"
            + "occupancy.warning=0,holdthreshold=soon", new Properties());
        assertEquals(List.of(
            "option exitcode: '300' is not a whole number from 1 to 255",
            "option failon: 'never' is not a gate condition; valid: any, leaked",
            "option limit.files: 'files' is not a kind; valid: limit.file, limit.socket, limit.pipe, limit.selector, "
            + "limit.threadpool, limit.jdbc, limit.jdbcpool, limit.cuda.bytes, limit.statement, limit.process, limit.thread, limit.tempfile.bytes",
            "option limit.cuda: 'cuda' is limited in bytes; write limit.cuda.bytes=N[k|m|g]",
            "option limit.cuda.bytes: 'lots' is not a size; valid: a whole number of bytes with an optional k, m or g "
            + "suffix, e.g. 512m",
            "option onlimit: 'crash' is not a limit action; valid: warn, fail",
            "option occupancy.warning: '0' is not a percentage; valid: 1 to 100, e.g. 80 or 80%",
            "option holdthreshold: 'soon' is not a duration; valid: e.g. 500ms, 30s, 5m, 1h, or off"), r.problems());
        assertEquals(LeakWatchOptions.defaults(), r.options());
    }

    @Test
    void warningMustBeBelowCritical() {
        OptionsParser.Result r = OptionsParser.parse("occupancy.warning=95,occupancy.critical=90", new Properties());
        assertEquals(List.of("option occupancy.warning (95) must be below occupancy.critical (90); using 80 and 95"),
                     r.problems());
        assertEquals(LimitOptions.NONE, r.options().limits());
    }

    @Test
    void reportIncludeNamesOwnersAndABadOneIsOneLine() {
        assertEquals(java.util.Set.of("runner", "agents"),
                     OptionsParser.parse("report.include=runner;agents", new Properties()).options().include());
        assertEquals(java.util.Set.of("jvm", "runner", "agents"),
                     OptionsParser.parse("report.include=all", new Properties()).options().include());
        assertEquals(java.util.Set.of(), OptionsParser.parse("report.include=none", new Properties()).options().include());
        OptionsParser.Result bad = OptionsParser.parse("report.include=jvm;surefire", new Properties());
        assertEquals(List.of("option report.include: 'surefire' is not an owner; valid: jvm, runner, agents, all, none "
                             + "(separate several with ';')"), bad.problems());
        assertEquals(java.util.Set.of(), bad.options().include(), "the default stays");
    }
}
