package dev.relink.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure inside the emulated API comes out as Belvo's error array, never a whitelabel page
 * or a problem+json (Belvo clients parse the array). Failures Spring raises before a controller is
 * chosen (unknown path, wrong method) are answered by {@link SandboxApiFallback} for the same reason.
 */
@RestControllerAdvice(annotations = SandboxApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SandboxApiErrors {

    private static final Logger log = LoggerFactory.getLogger(SandboxApiErrors.class);

    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Object> belvoError(SandboxError error) {
        return respond(error);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
        return respond(SandboxError.parseError("the request body could not be read"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Sandbox emulator failed on a request; answering Belvo's 500 unexpected_error", e);
        return respond(SandboxError.unexpected());
    }

    static ResponseEntity<Object> respond(SandboxError error) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status());
        if (error.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"api\"");
        }
        return response.body(error.body());
    }
}
