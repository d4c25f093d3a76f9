package io.leakwatch.family.jdbc.boot;

import io.leakwatch.bootstrap.RecordHandle;
import io.leakwatch.bootstrap.ResourceKind;

/**
 * What a statement or result set is: its role ({@code prepared statement}, {@code result set}, ...) and the record of
 * the connection or statement it came from. A statement ends when it is closed or when its connection does (JDBC
 * closes a connection's statements with it, and a statement's result set), so its parent's state is part of its own.
 *
 * <p>Immutable; thread-safe. Holds the parent's record (a weak reference to the connection), never the connection.
 */
final class StatementDetail {
    final String role;
    /** The connection's or statement's record, or null when that one is not tracked. */
    final RecordHandle parent;

    StatementDetail(String role, RecordHandle parent) {
        this.role = role;
        this.parent = parent;
    }

    /** The role a JDBC method gives what it returns. */
    static String roleOf(String method) {
        switch (method) {
            case "prepareStatement":
                return "prepared statement";
            case "prepareCall":
                return "callable statement";
            case "createStatement":
                return ResourceKind.STATEMENT.label();
            default:
                return "result set";
        }
    }

    /** Whether the connection (or statement) above has ended: then this one has, whatever it was told. */
    boolean parentEnded() {
        for (RecordHandle p = parent; p != null; ) {
            if (!p.isOpen()) {
                return true;
            }
            p = p.detail() instanceof StatementDetail ? ((StatementDetail) p.detail()).parent : null;
        }
        return false;
    }

    @Override
    public String toString() {
        if (parent == null) {
            return role + " (of an untracked connection)";
        }
        return role + (parent.detail() instanceof StatementDetail ? " of " : " on ") + parent.description();
    }
}
