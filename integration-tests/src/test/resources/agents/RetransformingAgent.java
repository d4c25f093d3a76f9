// compiled by TransformCacheTest into an agent jar of its own: a class on the tests' class path would be
// loaded from there, as an application class

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that retransforms classes once the JVM runs, as Mockito's inline mock maker does for the classes it
 * mocks: each class named in its argument (binary names, comma-separated), with no transformer of its own. Put after
 * leakwatch on the command line, it retransforms after leakwatch started.
 */
public final class RetransformingAgent {
    private RetransformingAgent() {
    }

    public static void premain(String names, Instrumentation inst) throws Exception {
        for (String name : names.split(",")) {
            inst.retransformClasses(Class.forName(name, false, null));
        }
        System.err.println("retransformed: " + names);
    }
}
