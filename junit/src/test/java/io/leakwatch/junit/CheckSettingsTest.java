package io.leakwatch.junit;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckSettingsTest {
    static final List<String> APP_STACK = List.of("com.acme.Orders.load(Orders.java:40)",
                                                  "com.acme.OrdersTest.loads(OrdersTest.java:12)");

    @LeakCheck
    void plain() {
    }

    @LeakCheck(kinds = {"file", " socket "}, allow = {"*lazy-cache*", "com.acme.cache.*"}, lingerMillis = 250)
    void tuned() {
    }

    @LeakCheck(lingerMillis = -1)
    void negativeLinger() {
    }

    @LeakCheck(lingerMillis = CheckSettings.MAX_LINGER_MILLIS + 1)
    void tooLongLinger() {
    }

    @LeakCheck(allow = {"*ok*", ""})
    void emptyPattern() {
    }

    @LeakCheck(kinds = "")
    void emptyKind() {
    }

    static CheckSettings of(String method) throws NoSuchMethodException {
        Method m = CheckSettingsTest.class.getDeclaredMethod(method);
        return CheckSettings.of(m.getAnnotation(LeakCheck.class), "@LeakCheck on " + method + "()");
    }

    @Test
    void defaultsBlameEveryKindAndAllowNothing() throws Exception {
        for (CheckSettings s : List.of(CheckSettings.defaults(), of("plain"))) {
            assertTrue(s.blames("file", "a.txt (read)", APP_STACK), s::toString);
            assertTrue(s.blames("threadpool", "pool", APP_STACK), s::toString);
            assertTrue(s.blames("file", "a.txt (read)", List.of()), "no stack recorded: still the test's");
            assertEquals(0, s.lingerMillis());
        }
    }

    @Test
    void kindsAndAllowFilter() throws Exception {
        CheckSettings s = of("tuned");
        assertEquals(List.of("file", "socket"), s.kinds());
        assertEquals(250, s.lingerMillis());
        assertTrue(s.blames("file", "a.txt (read)", APP_STACK));
        assertTrue(s.blames("socket", "socket 127.0.0.1:1 -> 127.0.0.1:2", APP_STACK));
        assertFalse(s.blames("threadpool", "pool", APP_STACK), "kind not asked for");
        assertFalse(s.blames("file", "/tmp/lazy-cache-1.bin (read)", APP_STACK), "description allowed");
        assertFalse(s.blames("file", "a.txt (read)", List.of("com.acme.Orders.load(Orders.java:40)",
                                                             "com.acme.cache.Warm.up(Warm.java:3)")),
                    "a frame deeper in the stack allowed");
    }

    @Test
    void junitBelowTheTestsOwnFrameDoesNotExcuseIt() {
        // JUnit's own resources never reach the extension: the agent holds the test runner's apart
        assertTrue(CheckSettings.defaults().blames("file", "a.txt", List.of(
                       "com.acme.OrdersTest.loads(OrdersTest.java:12)",
                       "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:1)")));
    }

    @Test
    void badAttributesAreOneLineNamingWhatIsValid() {
        assertEquals("@LeakCheck on negativeLinger(): lingerMillis = -1 is out of range; valid: 0 to 600000 (milliseconds)",
                     assertThrows(IllegalArgumentException.class, () -> of("negativeLinger")).getMessage());
        assertEquals("@LeakCheck on tooLongLinger(): lingerMillis = 600001 is out of range; valid: 0 to 600000 (milliseconds)",
                     assertThrows(IllegalArgumentException.class, () -> of("tooLongLinger")).getMessage());
        assertEquals("@LeakCheck on emptyPattern(): an allow pattern is empty; give a glob such as \"*cache*\" or"
                     + " \"com.acme.Cache.*\"",
                     assertThrows(IllegalArgumentException.class, () -> of("emptyPattern")).getMessage());
        assertEquals("@LeakCheck on emptyKind(): kinds has an empty entry; give kind names such as \"file\", or no kinds"
                     + " for all of them",
                     assertThrows(IllegalArgumentException.class, () -> of("emptyKind")).getMessage());
    }
}
