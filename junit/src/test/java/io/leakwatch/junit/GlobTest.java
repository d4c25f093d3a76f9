package io.leakwatch.junit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    @Test
    void starMatchesAnyRunIncludingDotsAndSlashes() {
        Glob g = Glob.of("com.acme.cache.LazyCache.*");
        assertTrue(g.matches("com.acme.cache.LazyCache.open(LazyCache.java:12)"));
        assertTrue(g.matches("com.acme.cache.LazyCache."));
        assertFalse(g.matches("com.acme.cache.LazyCacheLoader.open(LazyCacheLoader.java:3)"));
        assertFalse(g.matches("x.com.acme.cache.LazyCache.open(LazyCache.java:12)"), "whole string only");
        assertTrue(Glob.of("*/cache/*").matches("/tmp/app/cache/blob-1 (read)"));
        assertTrue(Glob.of("*").matches(""));
        assertTrue(Glob.of("*").matches("anything at all"));
    }

    @Test
    void questionMarkIsOneCharacterAndTheRestIsLiteral() {
        assertTrue(Glob.of("orders-?.csv (read)").matches("orders-7.csv (read)"));
        assertFalse(Glob.of("orders-?.csv (read)").matches("orders-17.csv (read)"));
        assertFalse(Glob.of("orders-?.csv (read)").matches("orders-7xcsv (read)"), "a dot is a dot");
        assertTrue(Glob.of("socket 127.0.0.1:* -> *:5432").matches("socket 127.0.0.1:40112 -> 127.0.0.1:5432"));
        assertFalse(Glob.of("socket 127.0.0.1:* -> *:5432").matches("socket 127.0.0.1:40112 -> 127.0.0.1:54321"));
    }

    @Test
    void backtracksOverSeveralStars() {
        Glob g = Glob.of("*a*b*c");
        assertTrue(g.matches("xxaxxbxxc"));
        assertTrue(g.matches("abcabc"));
        assertFalse(g.matches("acb"));
        assertTrue(Glob.of("*.warmUp(*").matches("com.acme.Cache.warmUp(Cache.java:40)"));
    }

    @Test
    void emptyPatternIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Glob.of(" "));
        assertEquals("an allow pattern is empty; give a glob such as \"*cache*\" or \"com.acme.Cache.*\"", e.getMessage());
    }
}
