/// A self-signed certificate for localhost and 127.0.0.1 (P-256, valid to 2126) and its key: test material only,
/// made with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500`.
enum TestTLS {
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBzDCCAXGgAwIBAgIURPBT67B8hX/5qqXaQ//7gvyJD3kwCgYIKoZIzj0EAwIw
        LDESMBAGA1UEAwwJbG9jYWxob3N0MRYwFAYDVQQKDA1uZXZicmFpbiB0ZXN0MCAX
        DTI2MTEyNTIwNDEzNVoYDzIxMjYxMTAxMjA0MTM1WjAsMRIwEAYDVQQDDAlsb2Nh
        bGhvc3QxFjAUBgNVBAoMDW5ldmJyYWluIHRlc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAASv39ugwzmAvsIlz2iFX1Yqsavrz18rKLaUvGxeLHJaNJCsc6JolQtv
        542KlJHaFZOJ0gU8y5VUExnOh4hjCLxwo28wbTAdBgNVHQ4EFgQUP2rWh+GZIBgS
        O70cni/fIutIWKcwHwYDVR0jBBgwFoAUP2rWh+GZIBgSO70cni/fIutIWKcwDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDSQAwRgIhAJ9Tqkhkhs9zbyJty0XWm8uwvitTGTY5yrkdp3tr4Qr1AiEA
        sOj8KlBq4AjWL3KT6LlvFKhHDFB0gVUqzAIrRmoQejg=
        -----END CERTIFICATE-----
        """

    static let privateKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgncHKUfWBya7OgW+u
        V+TX3wAqLVYCzaMB+CJlAlF+I9qhRANCAASv39ugwzmAvsIlz2iFX1Yqsavrz18r
        KLaUvGxeLHJaNJCsc6JolQtv542KlJHaFZOJ0gU8y5VUExnOh4hjCLxw
        -----END PRIVATE KEY-----
        """
}
