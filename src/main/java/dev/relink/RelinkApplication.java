package dev.relink;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.relink.routes.ValidateCommand;

@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class RelinkApplication {

    /** Runs the hub, or with {@code validate} as first argument checks routes and templates and exits (docs/operations.md). */
    public static void main(String[] args) {
        if (args.length > 0 && ValidateCommand.NAME.equals(args[0])) {
            System.exit(ValidateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(RelinkApplication.class, args);
    }
}
