package io.leakwatch.it.junitapps;

import io.leakwatch.junit.LeakCheck;
import org.junit.jupiter.api.Test;

/** Run without the agent: the checked test fails, before it runs, with the lines that attach the agent. */
@LeakCheck
public class NoAgentScenarios {
    @Test
    void checked() {
        System.out.println("RAN checked");
    }
}
