package io.zhian.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/** Chinese by default, English on request; the choice is kept in a cookie. */
@Configuration(proxyBeanMethods = false)
class LocaleConfig {

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("zhian-lang");
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Controller
    static class LanguageSwitch {
        private final LocaleResolver resolver;

        LanguageSwitch(LocaleResolver resolver) {
            this.resolver = resolver;
        }

        @GetMapping("/lang")
        String change(@RequestParam String to, @RequestParam(defaultValue = "/") String back,
                      HttpServletRequest request, HttpServletResponse response) {
            resolver.setLocale(request, response, "en".equals(to) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE);
            // only local paths, so the switch cannot be used as an open redirect
            String target = back.startsWith("/") && !back.startsWith("//") ? back : "/";
            return "redirect:" + target;
        }
    }
}
