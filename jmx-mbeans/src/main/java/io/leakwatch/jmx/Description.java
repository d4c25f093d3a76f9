package io.leakwatch.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one-line description JConsole, VisualVM and other JMX clients show for a bean (on its interface), an attribute
 * (on its getter), an operation (on its method) or an operation's parameter; {@link DescribedBeans} puts it into the
 * bean's {@code MBeanInfo}, where the JDK would otherwise put its default text.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {
    /** The description, one line. */
    String value();
}
