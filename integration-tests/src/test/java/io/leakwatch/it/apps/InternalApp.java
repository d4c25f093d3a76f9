package io.leakwatch.it.apps;

import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Work that makes the JDK open files for itself: class loading from a jar on the class path, a resource read from
 * it, and the NativePRNG behind SecureRandom. None of it is the app's resource. No arguments.
 */
public final class InternalApp {
    private InternalApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("payload from " + Payload.where());
        try (InputStream in = InternalApp.class.getResourceAsStream("/payload.txt")) {
            System.out.println("resource " + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
        }
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        SecureRandom native_ = SecureRandom.getInstance("NativePRNG");
        native_.nextBytes(bytes);
        System.out.println("random " + native_.getAlgorithm());
        Class.forName("java.util.logging.Logger");
        java.util.logging.Logger.getLogger("it").fine("nothing");
        java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Paris"));
        Hold.collect();
        System.out.println("done");
    }
}
