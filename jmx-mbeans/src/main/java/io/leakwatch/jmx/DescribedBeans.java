package io.leakwatch.jmx;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;
import javax.management.StandardMBean;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

/**
 * Wraps a bean so that its {@code MBeanInfo} carries the {@link Description}s of its MXBean interface and its
 * operations' parameter names: JConsole and VisualVM then show {@code format} and "The report's format: text, json or
 * html" where the JDK would show {@code p0} and "Operation exposed for management". The parameter names are the
 * interface's own, compiled into it with {@code javac -parameters}.
 *
 * <p>Thread-safe: the wrappers hold nothing but the bean and its interface.
 */
public final class DescribedBeans {
    private DescribedBeans() {
    }

    /**
     * {@code bean} as an MXBean of {@code type} with its descriptions; one that sends notifications (a
     * {@link NotificationEmitter}) still does, through the wrapper.
     */
    public static <T> Object of(T bean, Class<T> type) {
        if (bean instanceof NotificationEmitter) {
            return new Emitting<>(bean, type, (NotificationEmitter) bean);
        }
        return new Plain<>(bean, type);
    }

    /** The description of the bean's interface (or, for a bean described by several, the most specific one). */
    static String ofType(Class<?> type, String fallback) {
        Description d = type.getAnnotation(Description.class);
        return d != null ? d.value() : fallback;
    }

    /** The description of the attribute {@code name}: its getter's, else its setter's. */
    static String ofAttribute(Class<?> type, String name, String fallback) {
        for (Method m : type.getMethods()) {
            String n = m.getName();
            if ((n.equals("get" + name) || n.equals("is" + name)) && m.getParameterCount() == 0
                || n.equals("set" + name) && m.getParameterCount() == 1) {
                Description d = m.getAnnotation(Description.class);
                if (d != null) {
                    return d.value();
                }
            }
        }
        return fallback;
    }

    /** The interface method of {@code op}, by name and parameter types; {@code null} when none matches. */
    static Method methodOf(Class<?> type, MBeanOperationInfo op) {
        MBeanParameterInfo[] params = op.getSignature();
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(op.getName()) || m.getParameterCount() != params.length) {
                continue;
            }
            boolean same = true;
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < types.length && same; i++) {
                same = types[i].getName().equals(params[i].getType());
            }
            if (same) {
                return m;
            }
        }
        return null;
    }

    static String ofOperation(Class<?> type, MBeanOperationInfo op, String fallback) {
        Method m = methodOf(type, op);
        Description d = m == null ? null : m.getAnnotation(Description.class);
        return d != null ? d.value() : fallback;
    }

    static String parameterName(Class<?> type, MBeanOperationInfo op, int sequence, String fallback) {
        Method m = methodOf(type, op);
        if (m == null) {
            return fallback;
        }
        Parameter p = m.getParameters()[sequence];
        return p.isNamePresent() ? p.getName() : fallback;
    }

    static String ofParameter(Class<?> type, MBeanOperationInfo op, int sequence, String fallback) {
        Method m = methodOf(type, op);
        Description d = m == null ? null : m.getParameters()[sequence].getAnnotation(Description.class);
        return d != null ? d.value() : fallback;
    }

    /** A bean without notifications. */
    private static final class Plain<T> extends StandardMBean {
        private final Class<T> type;

        Plain(T bean, Class<T> type) {
            super(bean, type, true);
            this.type = type;
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return ofType(type, info.getDescription());
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return ofAttribute(type, info.getName(), info.getDescription());
        }

        @Override
        protected String getDescription(MBeanOperationInfo info) {
            return ofOperation(type, info, info.getDescription());
        }

        @Override
        protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return parameterName(type, op, sequence, param.getName());
        }

        @Override
        protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return ofParameter(type, op, sequence, param.getDescription());
        }
    }

    /** A bean that sends notifications (its MBeanNotificationInfo is the bean's own). */
    private static final class Emitting<T> extends StandardEmitterMBean {
        private final Class<T> type;

        Emitting(T bean, Class<T> type, NotificationEmitter emitter) {
            super(bean, type, true, emitter);
            this.type = type;
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return ofType(type, info.getDescription());
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return ofAttribute(type, info.getName(), info.getDescription());
        }

        @Override
        protected String getDescription(MBeanOperationInfo info) {
            return ofOperation(type, info, info.getDescription());
        }

        @Override
        protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return parameterName(type, op, sequence, param.getName());
        }

        @Override
        protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return ofParameter(type, op, sequence, param.getDescription());
        }
    }
}
