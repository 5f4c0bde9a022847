package org.charm4j.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Charm++ nodelist: {@code host NAME} lines (after an optional {@code group main} line); blank lines and
 * {@code #} comments are skipped, and anything after the host name ({@code ++cpus 4}) is ignored.
 *
 * <p>Threading: stateless, any thread.
 */
final class Nodelist {
    private Nodelist() {
    }

    /**
     * @param file the nodelist.
     * @return its hosts, in order.
     * @throws IllegalArgumentException naming the file and line when it is unreadable, empty or malformed.
     */
    static List<String> read(final Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read ++nodelist " + file + ": " + e.getMessage(), e);
        }
        final List<String> hosts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("group ")) {
                continue;
            }
            final String[] words = line.split("\\s+");
            if (!words[0].equals("host") || words.length < 2) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'host NAME', found '"
                    + line + "'");
            }
            hosts.add(words[1]);
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("++nodelist " + file + " names no host ('host NAME' lines)");
        }
        return hosts;
    }
}
