// glibc's stub resolver (libresolv, part of libc6-dev): res_nquery to send a query, ns_initparse/ns_parserr to read
// the answer. res_ninit and friends are macros in <resolv.h>, which Swift cannot call, so this header wraps the one
// call that needs them.
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>

/// Sends one query for `name` (class IN, `type`) and writes the answer into `answer`. With `server` (an IPv4
/// address) and `port`, asks that server only; otherwise the system's resolvers (/etc/resolv.conf). Each try waits
/// `timeout_seconds`, `attempts` tries in all. Returns the answer's length, or -1 with `*h_error` set to
/// HOST_NOT_FOUND (NXDOMAIN), NO_DATA (no record of that type), TRY_AGAIN or NO_RECOVERY, or -2 for a bad `server`.
static inline int devhub_dns_query(const char *server, int port, const char *name, int type, int timeout_seconds,
                                   int attempts, unsigned char *answer, int answer_size, int *h_error) {
    struct __res_state state;
    memset(&state, 0, sizeof state);
    *h_error = 0;
    if (res_ninit(&state) != 0) {
        *h_error = NO_RECOVERY;
        return -1;
    }
    if (server != NULL) {
        struct sockaddr_in address;
        memset(&address, 0, sizeof address);
        address.sin_family = AF_INET;
        address.sin_port = htons((unsigned short)port);
        if (inet_pton(AF_INET, server, &address.sin_addr) != 1) {
            res_nclose(&state);
            return -2;
        }
        state.nsaddr_list[0] = address;
        state.nscount = 1;
    }
    state.retrans = timeout_seconds;
    state.retry = attempts;
    state.options &= ~(RES_DNSRCH | RES_DEFNAMES);  // the name as given: no search domains
    int length = res_nquery(&state, name, ns_c_in, type, answer, answer_size);
    if (length < 0) *h_error = state.res_h_errno;
    res_nclose(&state);
    return length;
}
