package io.leakwatch.report.cli;

import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.ReportFormatType;
import io.leakwatch.report.ReportFormats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code render REPORT... [--format text|json|html] [--output FILE] [--kinds K1,K2] [--suppressions FILE]}: the
 * reports, merged, in another format; on stdout, or written atomically to {@code FILE}. The format defaults to the one
 * the output file's name implies ({@code .html}, {@code .json}), else text.
 *
 * <p>Thread-safe: stateless.
 */
final class RenderCommand {
    static final String NAME = "render";
    static final String SYNOPSIS = "render REPORT... [--format text|json|html] [--output FILE] [--kinds K1,K2] "
                                   + "[--suppressions FILE]";

    private static final Map<String, String> OPTIONS = options();

    private RenderCommand() {
    }

    private static Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--format", "text|json|html");
        m.put("--output", "FILE");
        m.putAll(Inputs.FILTER_OPTIONS);
        return m;
    }

    static int run(String[] argv, PrintStream out) throws UsageException, IOException {
        Arguments args = Arguments.parse(NAME, argv, OPTIONS);
        if (args.positional().isEmpty()) {
            throw new UsageException(NAME + ": no report given; usage: " + SYNOPSIS);
        }
        Optional<String> output = args.option("--output");
        ReportFormatType type = format(args, output);
        Inputs.kinds(args);
        LeakReport report = Inputs.filter(Inputs.read(args.positional()).report(), args);
        if (output.isPresent()) {
            Path target = Path.of(output.get());
            ReportFiles.writeAtomically(report, type, target);
            out.println("leakwatch render: wrote " + target + " (" + type.optionName() + ", "
                        + report.sites().size() + " site(s))");
        } else {
            // UTF-8 bytes whatever the console's encoding: this is a report file's content, and HTML declares UTF-8
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            ReportFormats.of(type).write(report, w);
            w.flush();
        }
        return 0;
    }

    private static ReportFormatType format(Arguments args, Optional<String> output) throws UsageException {
        Optional<String> name = args.option("--format");
        if (name.isEmpty()) {
            return output.map(ReportFormatType::forPath).orElse(ReportFormatType.TEXT);
        }
        try {
            return ReportFormatType.fromOptionName(name.get());
        } catch (IllegalArgumentException e) {
            throw new UsageException(NAME + ": --format: " + e.getMessage());
        }
    }
}
