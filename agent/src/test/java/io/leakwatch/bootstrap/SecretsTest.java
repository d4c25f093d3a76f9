package io.leakwatch.bootstrap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:h2:mem:test|jdbc:h2:mem:test",
        "jdbc:h2:mem:test;USER=sa;PASSWORD=s3cr3t;DB_CLOSE_DELAY=-1|jdbc:h2:mem:test;USER=sa;DB_CLOSE_DELAY=-1",
        "jdbc:postgresql://db:5432/app?user=app&password=s3cr3t&ssl=true|jdbc:postgresql://db:5432/app?user=app&ssl=true",
        "jdbc:postgresql://db/app?password=s3cr3t&ssl=true|jdbc:postgresql://db/app?ssl=true",
        "jdbc:postgresql://db/app?password=s3cr3t|jdbc:postgresql://db/app",
        "jdbc:postgresql://db/app?sslpassword=s3cr3t&sslkey=/k.pem&x=1|jdbc:postgresql://db/app?x=1",
        "jdbc:mysql://app:s3cr3t@db:3306/app|jdbc:mysql://app@db:3306/app",
        "jdbc:oracle:thin:scott/s3cr3t@db:1521:orcl|jdbc:oracle:thin:scott@db:1521:orcl",
        "jdbc:sqlserver://db;user=app;Password=s3cr3t;encrypt=true|jdbc:sqlserver://db;user=app;encrypt=true",
        "jdbc:snowflake://acct/?token=s3cr3t&authenticator=oauth|jdbc:snowflake://acct/?authenticator=oauth",
        "jdbc:x://h/?apiKey=s3cr3t&clientSecret=s3cr3t&accessToken=s3cr3t|jdbc:x://h/",
    })
    void credentialsAreRemoved(String url, String expected) {
        assertEquals(expected, Secrets.scrub(url));
    }
}
