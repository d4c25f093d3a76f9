package io.leakwatch.it.apps;

import java.nio.file.spi.FileSystemProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes the JDK load its installed file system providers (one of which, {@link PooledFileSystemProvider}, starts a
 * scheduler it never stops), then leaves a pool of its own open: the only application leak.
 */
public final class ProviderRegistryApp {
    private ProviderRegistryApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean installed = false;
        for (FileSystemProvider p : FileSystemProvider.installedProviders()) {
            installed |= p.getScheme().equals("pooled");
        }
        Mark.val("installed", installed);
        Mark.next("own-pool");
        ExecutorService own = Executors.newSingleThreadExecutor();
        own.submit(() -> { }).get();
        Hold.keep(own);
        Hold.collect();
        System.out.println("done");
        System.exit(0);
    }
}
