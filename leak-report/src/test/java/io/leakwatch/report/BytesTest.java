package io.leakwatch.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BytesTest {
    @ParameterizedTest
    @CsvSource({"0,0 B", "1023,1023 B", "1024,1 KiB", "1536,1.5 KiB", "67108864,64 MiB", "536870912,512 MiB",
                "1610612736,1.5 GiB", "1099511627776,1 TiB"})
    void formatsInTheLargestUnit(long bytes, String expected) {
        assertEquals(expected, Bytes.format(bytes));
    }
}
