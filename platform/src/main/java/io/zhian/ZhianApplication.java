package io.zhian;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Zhian (智安): the safe-city governance platform, a Spring Modulith modular monolith. */
@SpringBootApplication
@EnableScheduling
public class ZhianApplication {

    public static void main(String[] args) {
        SpringApplication.run(ZhianApplication.class, args);
    }
}
