package io.leakwatch.it.apps;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/** NIO pipes and selectors, each case from its own method; no arguments. */
public final class PipeSelectorApis {
    private PipeSelectorApis() {
    }

    public static void main(String[] args) throws Exception {
        pipeOpen();
        pipeClosed();
        pipeLeaked();
        pipeSinkClosed();
        selectorOpen();
        selectorClosed();
        selectorLeaked();
        selectorWithPipe();
        Hold.collect();
        System.out.println("done");
    }

    static void pipeOpen() throws Exception {
        Mark.next("pipe-open");
        Pipe pipe = Pipe.open();
        Hold.keep(pipe);
    }

    static void pipeClosed() throws Exception {
        Mark.next("pipe-closed");
        Pipe pipe = Pipe.open();
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        pipe.source().read(ByteBuffer.allocate(1));
        pipe.sink().close();
        pipe.source().close();
    }

    static void pipeLeaked() throws Exception {
        Mark.next("pipe-leaked");
        Pipe.open();
    }

    static void pipeSinkClosed() throws Exception {
        Mark.next("pipe-sink-closed");
        Pipe pipe = Pipe.open();
        pipe.sink().close();
        Hold.keep(pipe);
    }

    static void selectorOpen() throws Exception {
        Mark.next("selector-open");
        Selector selector = Selector.open();
        Hold.keep(selector);
    }

    static void selectorClosed() throws Exception {
        Mark.next("selector-closed");
        Selector selector = Selector.open();
        selector.selectNow();
        selector.close();
    }

    static void selectorLeaked() throws Exception {
        Mark.next("selector-leaked");
        Selector.open();
    }

    static void selectorWithPipe() throws Exception {
        Mark.next("selector-with-pipe");
        Selector selector = Selector.open();
        Mark.next("pipe-with-selector");
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.source().register(selector, SelectionKey.OP_READ);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        selector.select(1000);
        selector.wakeup();
        pipe.source().close();
        pipe.sink().close();
        selector.close();
    }
}
