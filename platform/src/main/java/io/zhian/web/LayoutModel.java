package io.zhian.web;

import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.NavigationEntry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Adds the signed-in user and the navigation they may see to every page. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {

    private final ActorProvider actors;
    private final List<NavigationEntry> entries;

    LayoutModel(ActorProvider actors, List<NavigationEntry> entries) {
        this.actors = actors;
        this.entries = entries.stream().sorted(Comparator.comparingInt(NavigationEntry::order)).toList();
    }

    @ModelAttribute("actor")
    Actor actor() {
        return actors.current().orElse(null);
    }

    /** The city's time zone, for showing stored instants as local time. */
    @ModelAttribute("zone")
    java.time.ZoneId zone() {
        return java.time.ZoneId.of("Asia/Shanghai");
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** The navigation entry the page belongs to: the longest entry path the current path starts with. */
    @ModelAttribute("activeNav")
    String activeNav(HttpServletRequest request) {
        String path = currentPath(request);
        return entries.stream().map(NavigationEntry::path)
                .filter(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"))
                .max(Comparator.comparingInt(String::length)).orElse("");
    }

    /** The current URL without its page parameter, ready for "page=N" to be appended: for pagers. */
    @ModelAttribute("pagePrefix")
    String pagePrefix(HttpServletRequest request) {
        StringBuilder sb = new StringBuilder("?");
        if (!"GET".equals(request.getMethod())) {
            return "?page="; // never echo posted fields (passwords) into links
        }
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("page")) {
                for (String v : values) {
                    sb.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
                }
            }
        });
        return sb.append("page=").toString();
    }

    @ModelAttribute("navigation")
    List<NavigationEntry> navigation() {
        return actors.current().map(a -> entries.stream().filter(e -> e.visibleTo(a)).toList()).orElse(List.of());
    }
}
