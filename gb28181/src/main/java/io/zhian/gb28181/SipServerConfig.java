package io.zhian.gb28181;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link SipSignallingServer}. Build with {@link #builder(GbDeviceId, DevicePasswords)};
 * defaults follow common GB/T 28181 practice (keepalive every 60 s, offline after 3 missed).
 */
public final class SipServerConfig {

    private final GbDeviceId serverId;
    private final String domain;
    private final String host;
    private final int udpPort;
    private final int tcpPort;
    private final DevicePasswords passwords;
    private final Duration keepaliveInterval;
    private final int maxMissedKeepalives;
    private final Duration nonceTtl;
    private final int maxOutstandingNonces;
    private final boolean offerQop;
    private final Duration defaultRegistrationExpiry;
    private final Duration maxRegistrationExpiry;
    private final Duration catalogTimeout;
    private final Duration requestTimeout;
    private final Duration statusCheckInterval;
    private final boolean requireRegisteredSourceHost;
    private final boolean acknowledgeAlarms;
    private final String userAgent;
    private final Clock clock;

    private SipServerConfig(Builder b) {
        this.serverId = b.serverId;
        this.domain = b.domain != null ? b.domain : b.serverId.sipDomain();
        this.host = b.host;
        this.udpPort = b.udpPort;
        this.tcpPort = b.tcpPort;
        this.passwords = b.passwords;
        this.keepaliveInterval = b.keepaliveInterval;
        this.maxMissedKeepalives = b.maxMissedKeepalives;
        this.nonceTtl = b.nonceTtl;
        this.maxOutstandingNonces = b.maxOutstandingNonces;
        this.offerQop = b.offerQop;
        this.defaultRegistrationExpiry = b.defaultRegistrationExpiry;
        this.maxRegistrationExpiry = b.maxRegistrationExpiry;
        this.catalogTimeout = b.catalogTimeout;
        this.requestTimeout = b.requestTimeout;
        this.statusCheckInterval = b.statusCheckInterval;
        this.requireRegisteredSourceHost = b.requireRegisteredSourceHost;
        this.acknowledgeAlarms = b.acknowledgeAlarms;
        this.userAgent = b.userAgent;
        this.clock = b.clock;
    }

    public static Builder builder(GbDeviceId serverId, DevicePasswords passwords) {
        return new Builder(serverId, passwords);
    }

    /** The server's own 20-digit id (type code 200 expected, not enforced). */
    public GbDeviceId serverId() {
        return serverId;
    }

    /** SIP domain, also the digest realm. Defaults to the first 10 digits of the server id. */
    public String domain() {
        return domain;
    }

    public String host() {
        return host;
    }

    /** 0 = pick a free port. */
    public int udpPort() {
        return udpPort;
    }

    /** 0 = pick a free port. */
    public int tcpPort() {
        return tcpPort;
    }

    public DevicePasswords passwords() {
        return passwords;
    }

    public Duration keepaliveInterval() {
        return keepaliveInterval;
    }

    public int maxMissedKeepalives() {
        return maxMissedKeepalives;
    }

    /** Silence longer than this takes a device offline. */
    public Duration keepaliveTimeout() {
        return keepaliveInterval.multipliedBy(maxMissedKeepalives);
    }

    /** How long a challenge nonce stays usable; older ones get a fresh challenge with stale=true. */
    public Duration nonceTtl() {
        return nonceTtl;
    }

    /** Cap on unanswered challenges held in memory (REGISTER floods answer 503 beyond it). */
    public int maxOutstandingNonces() {
        return maxOutstandingNonces;
    }

    /** Whether challenges offer qop="auth"; devices may still answer without qop. */
    public boolean offerQop() {
        return offerQop;
    }

    /** Used when a REGISTER carries neither an Expires header nor a Contact expires parameter. */
    public Duration defaultRegistrationExpiry() {
        return defaultRegistrationExpiry;
    }

    /** Longer requested registrations are shortened to this (the 200 OK tells the device). */
    public Duration maxRegistrationExpiry() {
        return maxRegistrationExpiry;
    }

    /** How long a catalog assembly waits for SumNum items before completing as incomplete. */
    public Duration catalogTimeout() {
        return catalogTimeout;
    }

    /** How long to wait for a device's final response to a request we send (SUBSCRIBE, MESSAGE). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration statusCheckInterval() {
        return statusCheckInterval;
    }

    /**
     * MESSAGEs are not authenticated in GB/T 28181; requiring them to come from the host that registered
     * makes spoofing a registered device's keepalives/alarms harder. Disable for devices behind changing NAT.
     */
    public boolean requireRegisteredSourceHost() {
        return requireRegisteredSourceHost;
    }

    /** Whether to send the {@code <Response><CmdType>Alarm</CmdType><Result>OK</Result>} acknowledgement. */
    public boolean acknowledgeAlarms() {
        return acknowledgeAlarms;
    }

    public String userAgent() {
        return userAgent;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private final GbDeviceId serverId;
        private final DevicePasswords passwords;
        private String domain;
        private String host = "0.0.0.0";
        private int udpPort = 5060;
        private int tcpPort = 5060;
        private Duration keepaliveInterval = Duration.ofSeconds(60);
        private int maxMissedKeepalives = 3;
        private Duration nonceTtl = Duration.ofMinutes(5);
        private int maxOutstandingNonces = 100_000;
        private boolean offerQop = true;
        private Duration defaultRegistrationExpiry = Duration.ofHours(1);
        private Duration maxRegistrationExpiry = Duration.ofDays(1);
        private Duration catalogTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration statusCheckInterval = Duration.ofSeconds(5);
        private boolean requireRegisteredSourceHost = true;
        private boolean acknowledgeAlarms = true;
        private String userAgent = "Zhian-GB28181";
        private Clock clock = Clock.systemDefaultZone();

        private Builder(GbDeviceId serverId, DevicePasswords passwords) {
            this.serverId = Objects.requireNonNull(serverId, "serverId");
            this.passwords = Objects.requireNonNull(passwords, "passwords");
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Address to bind and to advertise in Via/Contact; must be reachable by devices (not 0.0.0.0 for Via in production). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder udpPort(int port) {
            this.udpPort = port;
            return this;
        }

        public Builder tcpPort(int port) {
            this.tcpPort = port;
            return this;
        }

        public Builder keepaliveInterval(Duration interval) {
            this.keepaliveInterval = interval;
            return this;
        }

        public Builder maxMissedKeepalives(int count) {
            this.maxMissedKeepalives = count;
            return this;
        }

        public Builder nonceTtl(Duration ttl) {
            this.nonceTtl = ttl;
            return this;
        }

        public Builder maxOutstandingNonces(int max) {
            this.maxOutstandingNonces = max;
            return this;
        }

        public Builder offerQop(boolean offerQop) {
            this.offerQop = offerQop;
            return this;
        }

        public Builder defaultRegistrationExpiry(Duration expiry) {
            this.defaultRegistrationExpiry = expiry;
            return this;
        }

        public Builder maxRegistrationExpiry(Duration expiry) {
            this.maxRegistrationExpiry = expiry;
            return this;
        }

        public Builder catalogTimeout(Duration timeout) {
            this.catalogTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder statusCheckInterval(Duration interval) {
            this.statusCheckInterval = interval;
            return this;
        }

        public Builder requireRegisteredSourceHost(boolean require) {
            this.requireRegisteredSourceHost = require;
            return this;
        }

        public Builder acknowledgeAlarms(boolean acknowledge) {
            this.acknowledgeAlarms = acknowledge;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public SipServerConfig build() {
            Objects.requireNonNull(host, "host");
            requirePort(udpPort, "udpPort");
            requirePort(tcpPort, "tcpPort");
            requirePositive(keepaliveInterval, "keepaliveInterval");
            requirePositive(nonceTtl, "nonceTtl");
            requirePositive(defaultRegistrationExpiry, "defaultRegistrationExpiry");
            requirePositive(maxRegistrationExpiry, "maxRegistrationExpiry");
            requirePositive(catalogTimeout, "catalogTimeout");
            requirePositive(requestTimeout, "requestTimeout");
            requirePositive(statusCheckInterval, "statusCheckInterval");
            if (maxMissedKeepalives < 1) {
                throw new IllegalArgumentException("maxMissedKeepalives must be >= 1");
            }
            if (maxOutstandingNonces < 1) {
                throw new IllegalArgumentException("maxOutstandingNonces must be >= 1");
            }
            if (domain != null && (domain.isBlank() || domain.contains("\""))) {
                throw new IllegalArgumentException("domain must be a non-blank token");
            }
            Objects.requireNonNull(clock, "clock");
            return new SipServerConfig(this);
        }

        private static void requirePort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be 0..65535");
            }
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }
}
