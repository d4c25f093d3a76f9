package io.leakwatch.agent.instrument;

import io.leakwatch.family.file.FileFamily;
import io.leakwatch.family.jdbc.JdbcFamily;
import io.leakwatch.bootstrap.ResourceKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every plan a family declares by name has its advice (the names and the advice are written in two places). */
class AdvicePlanTest {
    /** The plans of every kind's family, as the installer takes them, then the agent's own. */
    private static List<AdvicePlan> everyPlan() {
        List<AdvicePlan> all = new ArrayList<>(Family.plansOf(EnumSet.allOf(ResourceKind.class)));
        all.addAll(PlatformMBeanServerInstrumentation.plans());
        all.addAll(AgentStartInstrumentation.plans());
        return all;
    }

    @Test
    void everyPlanHasAdviceAndNamesOneClassOnce() {
        Set<String> names = new HashSet<>();
        for (AdvicePlan plan : everyPlan()) {
            String what = plan.typeName() != null ? plan.typeName() : "the JDBC plan";
            assertFalse(plan.entries().isEmpty(), what + " has advice");
            for (AdvicePlan.Entry e : plan.entries()) {
                assertNotNull(e.name(), what);
                assertNotNull(e.methods(), what);
            }
            if (plan.typeName() != null) {
                assertTrue(names.add(plan.typeName()), plan.typeName() + " is planned once");
            } else {
                assertNotNull(plan.typeMatcher());
            }
        }
        assertEquals(40, names.size(), "the classes instrumented by name: " + names);
    }

    @Test
    void theJdbcPlanAdvisesStatementsOnlyWhenAskedTo() {
        int without = JdbcFamily.plans(false).get(0).entries().size();
        int with = JdbcFamily.plans(true).get(0).entries().size();
        assertEquals(without + 1, with);
    }

    @Test
    void anAdvisorAskedForAClassItHasNoPlanForSaysWhich() throws ReflectiveOperationException {
        java.lang.reflect.Field f = FileFamily.class.getDeclaredField("ADVICE");
        f.setAccessible(true);
        AdvicePlan stray = AdvicePlan.on((AdvicePlan.Advisor) f.get(null), "java.lang.Object").get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, stray::entries);
        assertEquals("java.lang.Object", e.getMessage());
    }
}
