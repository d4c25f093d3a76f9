package io.leakwatch.agent.instrument;

import io.leakwatch.bootstrap.CodeOrigins;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selects the application classes that implement one of a few JDK interfaces ({@code java.sql.Connection},
 * {@code javax.sql.DataSource}, ...), however indirectly, while classes load.
 *
 * <p>It runs for every class the application loads, so it is built to cost little there:
 * <ul>
 *   <li>by name first: JDK classes and interfaces are never walked (none of them implements the targets except the
 *       targets themselves);</li>
 *   <li>each other supertype's verdict is cached by name, so a class's supertypes are read from their class files
 *       once for the whole JVM, not once per subclass.</li>
 * </ul>
 * The cache is by name only: two different classes with one name in two class loaders share a verdict. A wrong
 * verdict costs advice on a class that does not need it (whose hooks then find nothing to record) or a missed class,
 * never an application error.
 *
 * <p>Thread-safe: the cache is a concurrent map, bounded in size.
 */
public final class SuperTypeMatcher implements ElementMatcher<TypeDescription> {
    private static final int MAX_CACHED = 50_000;
    private static final int MAX_DEPTH = 32;
    private static final String[] PLATFORM = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private final Set<String> targets;
    private final ConcurrentHashMap<String, Boolean> verdicts = new ConcurrentHashMap<>();
    /**
     * Superclasses of matched classes that do not implement a target themselves, whose methods the matched class
     * inherits ({@code PGSimpleDataSource} gets {@code getConnection} from {@code BaseDataSource}, which is no
     * {@code DataSource}). A superclass loads right after its subclass's bytes are matched, so it is selected then;
     * advice in it checks at run time that the object is a JDBC one.
     */
    private final Set<String> ancestors = ConcurrentHashMap.newKeySet();
    /** The supertypes of the application types whose class files were read (by name), bounded in size. */
    private final ConcurrentHashMap<String, String[]> headers = new ConcurrentHashMap<>();

    public SuperTypeMatcher(Set<String> targets) {
        this.targets = Set.copyOf(targets);
    }

    @Override
    public boolean matches(TypeDescription type) {
        String name = type.getName();
        if (isPlatform(name)) {
            return false;
        }
        if (ancestors.contains(name)) {
            return true;
        }
        try {
            Boolean known = verdicts.get(name);
            boolean verdict;
            if (known != null) {
                verdict = known;
            } else {
                verdict = implementsTarget(type, 0);
                remember(name, verdict);
            }
            // the verdict is about the hierarchy (an interface extending a target passes it on); only classes have code
            if (verdict && !type.isInterface()) {
                rememberAncestors(type);
                return true;
            }
            return false;
        } catch (RuntimeException unresolvable) {
            // a supertype's class file cannot be found: Byte Buddy could not instrument it either
            return false;
        }
    }

    private boolean implementsTarget(TypeDescription type, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        TypeDescription.Generic superClass = type.getSuperClass();
        if (superClass != null && isOrImplementsTarget(superClass.asErasure(), depth)) {
            return true;
        }
        for (TypeDescription.Generic i : type.getInterfaces()) {
            if (isOrImplementsTarget(i.asErasure(), depth)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a supertype is a target or implements one; only its name is read unless it is an application type. */
    private boolean isOrImplementsTarget(TypeDescription superType, int depth) {
        String name = superType.getName();
        if (targets.contains(name)) {
            return true;
        }
        if (isPlatform(name)) {
            return false;
        }
        Boolean known = verdicts.get(name);
        if (known != null) {
            return known;
        }
        boolean verdict = implementsTarget(superType, depth + 1);
        remember(name, verdict);
        return verdict;
    }

    /**
     * Whether the class whose direct supertypes are {@code superTypes} ({@link ClassHeader#superTypes}) may match,
     * decided without Byte Buddy: not when every supertype is a JDK type other than the targets, or an application
     * type already known not to implement one. {@code true} when in doubt (Byte Buddy then decides).
     */
    boolean mayMatch(String name, String[] superTypes) {
        if (superTypes == null || ancestors.contains(name) || Boolean.TRUE.equals(verdicts.get(name))) {
            return true;
        }
        for (String s : superTypes) {
            if (s == null || isPlatform(s) && !targets.contains(s)) {
                continue;
            }
            if (targets.contains(s) || !Boolean.FALSE.equals(verdicts.get(s))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the class {@code binaryName} (dotted) with class file {@code classFile}, about to be loaded, may match:
     * read from the class file's header alone, so a class that cannot match costs Byte Buddy nothing.
     */
    public boolean mayMatch(String binaryName, byte[] classFile) {
        return mayMatch(binaryName, ClassHeader.superTypes(classFile));
    }

    /**
     * As {@link #mayMatch(String, byte[])}, and an application supertype not decided yet is decided from its own
     * class file's header, read through {@code loader} (the loader defining the class), and so on up, each verdict
     * cached by name: a class whose hierarchy holds no target (an enum constant's body, a subclass of an application
     * class) is turned away without Byte Buddy's engine, which would otherwise be built for it. A supertype whose
     * class file cannot be read through the loader turns the class away too: Byte Buddy's type pool reads it there,
     * fails, and its matcher says no. The caller runs this as the agent: the class files read are not the
     * application's.
     */
    public boolean mayMatch(String binaryName, byte[] classFile, ClassLoader loader) {
        if (isPlatform(binaryName)) {
            return false;
        }
        String[] superTypes = ClassHeader.superTypes(classFile);
        if (superTypes == null || ancestors.contains(binaryName) || Boolean.TRUE.equals(verdicts.get(binaryName))) {
            return true;
        }
        for (String s : superTypes) {
            if (s == null || isPlatform(s) && !targets.contains(s)) {
                continue;
            }
            if (targets.contains(s)) {
                return true;
            }
            Boolean verdict = fromHeaders(s, loader, 0);
            if (verdict == null && loader == null) {
                // nothing to read it through here: Byte Buddy decides
                return true;
            }
            if (verdict == null) {
                // its class file cannot be read through the loader, which is where Byte Buddy's type pool reads it
                // too: resolving it fails there, and its matcher says no (Mockito's inline mock maker defines
                // such classes; building Byte Buddy's engine for them cost each test fork that mocked 0.4 s)
                return false;
            }
            if (verdict) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether Byte Buddy's {@link #matches} would select the class {@code binaryName} (dotted) with class file
     * {@code classFile}, about to be loaded by {@code loader}, decided from class file headers alone (its own and its
     * application supertypes', read through {@code loader} as Byte Buddy's type pool reads them): {@code TRUE} when
     * it would, {@code FALSE} when it would not (a supertype whose class file cannot be read there fails Byte Buddy's
     * matcher too, which then says no), {@code null} when the class's own header cannot be read (Byte Buddy decides).
     * A class selected has the same effect on later decisions as through {@link #matches}: its superclasses are
     * selected as they load. The caller runs this as the agent.
     */
    public Boolean selects(String binaryName, byte[] classFile, ClassLoader loader) {
        if (isPlatform(binaryName)) {
            return Boolean.FALSE;
        }
        if (ancestors.contains(binaryName)) {
            return Boolean.TRUE;
        }
        ClassHeader.Header header = ClassHeader.read(classFile);
        if (header == null) {
            return null;
        }
        Boolean verdict = verdicts.get(binaryName);
        if (verdict == null) {
            verdict = Boolean.FALSE;
            for (String s : header.superTypes()) {
                if (s == null) {
                    continue;
                }
                // in Byte Buddy's order: the first supertype that implements a target decides; one that cannot be
                // read before it makes Byte Buddy's matcher fail and say no
                Boolean v = fromHeaders(s, loader, 0);
                if (v == null) {
                    return Boolean.FALSE;
                }
                if (v) {
                    verdict = Boolean.TRUE;
                    break;
                }
            }
            remember(binaryName, verdict);
        }
        if (!verdict || header.isInterface()) {
            return Boolean.FALSE;
        }
        rememberAncestors(header.superClass(), loader);
        return Boolean.TRUE;
    }

    /**
     * Whether {@link #matches} would select the loaded class {@code c} (being retransformed), decided from its loaded
     * supertypes, without Byte Buddy.
     */
    public boolean selectsLoaded(Class<?> c) {
        String name = c.getName();
        if (isPlatform(name)) {
            return false;
        }
        if (ancestors.contains(name)) {
            return true;
        }
        return !c.isInterface() && implementsTarget(c, 0);
    }

    private boolean implementsTarget(Class<?> c, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        Class<?> superClass = c.getSuperclass();
        if (superClass != null && isOrImplementsTarget(superClass, depth)) {
            return true;
        }
        for (Class<?> i : c.getInterfaces()) {
            if (isOrImplementsTarget(i, depth)) {
                return true;
            }
        }
        return false;
    }

    private boolean isOrImplementsTarget(Class<?> superType, int depth) {
        String name = superType.getName();
        if (targets.contains(name)) {
            return true;
        }
        return !isPlatform(name) && implementsTarget(superType, depth + 1);
    }

    /** As {@link #rememberAncestors(TypeDescription)}, walking up from {@code superClass} by class file headers. */
    private void rememberAncestors(String superClass, ClassLoader loader) {
        String name = superClass;
        for (int i = 0; name != null && i < MAX_DEPTH; i++) {
            if (isPlatform(name) || ancestors.size() >= MAX_CACHED) {
                return;
            }
            ancestors.add(name);
            if (Boolean.TRUE.equals(verdicts.get(name))) {
                return;
            }
            String[] superTypes = superTypesOf(name, loader);
            name = superTypes == null ? null : superTypes[0];
        }
    }

    /** The supertypes of the application type {@code name} from its class file's header, or {@code null}. */
    private String[] superTypesOf(String name, ClassLoader loader) {
        String[] known = headers.get(name);
        if (known != null) {
            return known;
        }
        String[] superTypes;
        try (java.io.InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            superTypes = in == null ? null : ClassHeader.superTypes(in.readAllBytes());
        } catch (java.io.IOException | RuntimeException e) {
            superTypes = null;
        }
        if (superTypes != null && headers.size() < MAX_CACHED) {
            headers.put(name, superTypes);
        }
        return superTypes;
    }

    /** Whether the application type {@code name} is or implements a target, from class file headers; null: unknown. */
    private Boolean fromHeaders(String name, ClassLoader loader, int depth) {
        if (targets.contains(name)) {
            return true;
        }
        if (isPlatform(name)) {
            return false;
        }
        Boolean known = verdicts.get(name);
        if (known != null || loader == null) {
            return known;
        }
        if (depth > MAX_DEPTH) {
            return Boolean.FALSE;
        }
        String[] superTypes = superTypesOf(name, loader);
        if (superTypes == null) {
            return null;
        }
        // in Byte Buddy's order: the first supertype that implements a target decides, and one that cannot be
        // resolved before it makes Byte Buddy's matcher fail (and say no)
        for (String s : superTypes) {
            if (s == null) {
                continue;
            }
            Boolean v = fromHeaders(s, loader, depth + 1);
            if (v == null) {
                return null;
            }
            if (v) {
                remember(name, true);
                return Boolean.TRUE;
            }
        }
        remember(name, false);
        return Boolean.FALSE;
    }

    private void rememberAncestors(TypeDescription type) {
        TypeDescription.Generic superClass = type.getSuperClass();
        for (int i = 0; superClass != null && i < MAX_DEPTH; i++) {
            String name = superClass.asErasure().getName();
            if (isPlatform(name) || ancestors.size() >= MAX_CACHED) {
                return;
            }
            ancestors.add(name);
            // only names so far: reading further up parses the superclass, which is about to load anyway
            superClass = Boolean.TRUE.equals(verdicts.get(name)) ? null : superClass.asErasure().getSuperClass();
        }
    }

    private void remember(String name, boolean verdict) {
        if (verdicts.size() < MAX_CACHED) {
            verdicts.put(name, verdict);
        }
    }

    /**
     * The JDK's types and the test runners' ({@link CodeOrigins#isRunnerClass}): neither implements a target but the
     * targets themselves, so neither is read or walked. A test fork loads thousands of the runner's classes, and
     * reading their supertypes' class files to turn them away cost it about 30 ms.
     */
    private static boolean isPlatform(String name) {
        for (String p : PLATFORM) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return CodeOrigins.isRunnerClass(name);
    }
}
