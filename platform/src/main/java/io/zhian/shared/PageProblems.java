package io.zhian.shared;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Error pages for the server-rendered UI, with the same not-found-or-out-of-scope rule as the API. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageProblems {

    private final ApplicationEventPublisher events;

    PageProblems(ApplicationEventPublisher events) {
        this.events = events;
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, HttpServletResponse response) {
        if (e.outOfScope()) {
            events.publishEvent(new AccessDenied(e.objectType(), e.objectId(), "out of data scope"));
        }
        return page(response, 404, "error.notFound");
    }

    @ExceptionHandler({ForbiddenException.class, AccessDeniedException.class})
    ModelAndView forbidden(RuntimeException e, HttpServletResponse response) {
        events.publishEvent(new AccessDenied("page", "-", e.getMessage()));
        return page(response, 403, "error.forbidden");
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e, HttpServletResponse response) {
        ModelAndView mv = page(response, 409, "error.conflict");
        mv.addObject("detail", e.getMessage());
        return mv;
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletResponse response) {
        ModelAndView mv = page(response, 400, "error.invalid");
        mv.addObject("detail", e.getMessage());
        return mv;
    }

    private static ModelAndView page(HttpServletResponse response, int status, String messageKey) {
        response.setStatus(status);
        ModelAndView mv = new ModelAndView("error/problem");
        mv.addObject("status", status);
        mv.addObject("messageKey", messageKey);
        return mv;
    }
}
