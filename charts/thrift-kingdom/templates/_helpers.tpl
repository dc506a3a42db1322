{{/*
Names, labels and the merged per-service settings every template uses.
*/}}

{{- define "thrift-kingdom.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 30 | trimSuffix "-" -}}
{{- end -}}

{{/*
Release-prefixed name, short enough that "<fullname>-comments-postgresql" plus the
StatefulSet's revision hash stays within the 63-character label limit.
*/}}
{{- define "thrift-kingdom.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 30 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 30 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 30 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "thrift-kingdom.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that never change across upgrades: the selector of every workload. */}}
{{- define "thrift-kingdom.selectorLabels" -}}
app.kubernetes.io/name: {{ include "thrift-kingdom.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Standard labels of every object; `component` names the part (board, board-postgresql, …). */}}
{{- define "thrift-kingdom.labels" -}}
{{ include "thrift-kingdom.selectorLabels" . }}
app.kubernetes.io/part-of: thrift-kingdom
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "thrift-kingdom.chart" .root }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "thrift-kingdom.annotations" -}}
{{- with .Values.commonAnnotations -}}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end -}}
{{- end -}}

{{/*
Recursive merge that fills only the keys `dst` lacks. Unlike sprig's merge/mergeOverwrite it
keeps an explicit `false` or `0` in `dst` (a service turning autoscaling off stays off).
*/}}
{{- define "thrift-kingdom.fillDefaults" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if not (hasKey $dst $key) -}}
{{- if kindIs "map" $value -}}
{{- $_ := set $dst $key (deepCopy $value) -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- else if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "thrift-kingdom.fillDefaults" (dict "dst" (get $dst $key) "src" $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The enabled services, each block merged over serviceDefaults, as JSON:
  {{- $services := include "thrift-kingdom.services" . | fromJson }}
Adds `name` (the key), `fullname` (object name), `envName` (key as an env-var fragment),
`hasDatabase`, `bundledDatabase`, and database name/user defaults.
*/}}
{{- define "thrift-kingdom.services" -}}
{{- $fullname := include "thrift-kingdom.fullname" . -}}
{{- $out := dict -}}
{{- range $name, $block := .Values.services -}}
{{- $svc := deepCopy (default (dict) $block) -}}
{{- include "thrift-kingdom.fillDefaults" (dict "dst" $svc "src" $.Values.serviceDefaults) -}}
{{- if $svc.enabled -}}
{{- $_ := set $svc "name" $name -}}
{{- $_ := set $svc "fullname" (printf "%s-%s" $fullname $name) -}}
{{- $_ := set $svc "envName" (regexReplaceAll "[^A-Za-z0-9]" $name "_" | upper) -}}
{{- if not $svc.envPrefix -}}{{- $_ := set $svc "envPrefix" (get $svc "envName") -}}{{- end -}}
{{- if not $svc.package -}}{{- fail (printf "services.%s.package is required" $name) -}}{{- end -}}
{{- $db := $svc.database -}}
{{- $_ := set $svc "hasDatabase" $db.enabled -}}
{{- $_ := set $svc "bundledDatabase" (and $db.enabled (not $db.external.enabled)) -}}
{{- if not $db.name -}}{{- $_ := set $db "name" (regexReplaceAll "[^A-Za-z0-9_]" $name "_") -}}{{- end -}}
{{- if not $db.user -}}{{- $_ := set $db "user" (regexReplaceAll "[^A-Za-z0-9_]" $name "_") -}}{{- end -}}
{{- if and $db.enabled $db.external.enabled (not $db.external.host) -}}
{{- fail (printf "services.%s.database.external.host is required when the external database is enabled" $name) -}}
{{- end -}}
{{- if and $db.enabled $db.external.enabled (not $db.external.existingSecret) (not $.Values.secrets.existingSecret) -}}
{{- fail (printf "services.%s.database.external: set existingSecret (or secrets.existingSecret) to the external database's password" $name) -}}
{{- end -}}
{{- $_ := set $out $name $svc -}}
{{- end -}}
{{- end -}}
{{- /* Every service verifies tokens against auth's JWKS: it calls auth whether or not its block says so. */ -}}
{{- if hasKey $out "auth" -}}
{{- range $name, $svc := $out -}}
{{- if and (ne $name "auth") (not (has "auth" $svc.calls)) -}}
{{- $_ := set $svc "calls" (append $svc.calls "auth") -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* Image reference: registry/repository/name:tag, or @digest when a digest is set. */}}
{{- define "thrift-kingdom.image" -}}
{{- $root := .root -}}
{{- $img := .svc.image -}}
{{- $registry := default $root.Values.image.registry $img.registry -}}
{{- $repository := default $root.Values.image.repository $img.repository -}}
{{- $name := default .svc.name $img.name -}}
{{- $ref := trimPrefix "/" (printf "%s/%s/%s" $registry $repository $name | replace "//" "/") -}}
{{- $digest := default $root.Values.image.digest $img.digest -}}
{{- if $digest -}}
{{- printf "%s@%s" $ref $digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (default $root.Chart.AppVersion (default $root.Values.image.tag $img.tag)) -}}
{{- end -}}
{{- end -}}

{{/* An image we do not build (`postgresql.image`, `valkey.image`): registry/repository:tag or @digest. */}}
{{- define "thrift-kingdom.pinnedImage" -}}
{{- if .digest -}}
{{- printf "%s/%s@%s" .registry .repository .digest -}}
{{- else -}}
{{- printf "%s/%s:%s" .registry .repository .tag -}}
{{- end -}}
{{- end -}}

{{- define "thrift-kingdom.postgresqlImage" -}}
{{- include "thrift-kingdom.pinnedImage" .Values.postgresql.image -}}
{{- end -}}

{{/* The Secret holding every generated (or operator-supplied) secret value. */}}
{{- define "thrift-kingdom.secretName" -}}
{{- default (printf "%s-secrets" (include "thrift-kingdom.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "thrift-kingdom.databaseHost" -}}
{{- if .svc.bundledDatabase -}}
{{- printf "%s-postgresql" .svc.fullname -}}
{{- else -}}
{{- .svc.database.external.host -}}
{{- end -}}
{{- end -}}

{{- define "thrift-kingdom.databasePort" -}}
{{- if .svc.bundledDatabase -}}5432{{- else -}}{{ int .svc.database.external.port }}{{- end -}}
{{- end -}}

{{/*
Environment every container of a service gets beyond its ConfigMap: secrets, and the database
URL assembled by Kubernetes from the password ($(DATABASE_PASSWORD) expansion) so that no
password is ever written into a ConfigMap.
*/}}
{{- define "thrift-kingdom.secretEnv" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $secret := include "thrift-kingdom.secretName" $root -}}
- name: SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $svc.name }}-secret-key
- name: SERVICE_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $svc.name }}-client-secret
{{- if $svc.hasDatabase }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- if and $svc.database.external.enabled $svc.database.external.existingSecret }}
      name: {{ $svc.database.external.existingSecret }}
      key: {{ $svc.database.external.existingSecretPasswordKey }}
      {{- else }}
      name: {{ $secret }}
      key: {{ $svc.name }}-database-password
      {{- end }}
- name: DATABASE_URL
  value: {{ printf "postgresql://%s:$(DATABASE_PASSWORD)@%s:%s/%s" $svc.database.user (include "thrift-kingdom.databaseHost" .) (include "thrift-kingdom.databasePort" .) $svc.database.name }}{{ include "thrift-kingdom.databaseUrlOptions" $svc }}
{{- end }}
{{- include "thrift-kingdom.cacheEnv" $root }}
{{- include "thrift-kingdom.smtpEnv" . }}
{{- if eq $svc.name "auth" }}
- name: JWT_PRIVATE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: jwt-private-key
# Rotation (auth_service/README.md): public keys of the previous signing key, still trusted.
- name: JWT_PREVIOUS_PUBLIC_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: jwt-previous-public-keys
      optional: true
{{- $clients := list }}
{{- range $name, $caller := (include "thrift-kingdom.services" $root | fromJson) }}
- name: CLIENT_SECRET_{{ $caller.envName }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $name }}-client-secret
{{- $clients = append $clients (printf "%s:$(CLIENT_SECRET_%s)" $name $caller.envName) }}
{{- end }}
- name: SERVICE_CLIENTS
  value: {{ join "," $clients | quote }}
{{- include "thrift-kingdom.socialEnv" $root }}
{{- end }}
{{- end -}}

{{/* Pod annotations for the mesh; the database, cache and SMTP ports bypass the sidecar (see README). */}}
{{- define "thrift-kingdom.meshAnnotations" -}}
{{- if .root.Values.istio.enabled -}}
{{- /* The sidecar gets SIGTERM at once (no preStop) and, by default, drops every connection
after 5 s: it must keep forwarding through the app's preStop sleep and gunicorn's drain. */ -}}
{{- $drain := add (int .root.Values.gunicorn.preStopSleepSeconds) (int .root.Values.gunicorn.gracefulTimeoutSeconds) -}}
proxy.istio.io/config: {{ dict "holdApplicationUntilProxyStarts" true "terminationDrainDuration" (printf "%ds" $drain) | toJson | squote }}
{{- /* The kubelet's HTTP probes go through the sidecar's own port (STRICT mTLS would refuse
them); pinned here instead of relying on the mesh-wide default. */}}
sidecar.istio.io/rewriteAppHTTPProbers: "true"
{{- $bypass := list }}
{{- if .svc.hasDatabase }}{{ $bypass = append $bypass (include "thrift-kingdom.databasePort" .) }}{{ end }}
{{- with include "thrift-kingdom.cachePort" .root }}{{ $bypass = append $bypass . }}{{ end }}
{{- /* SMTP is server-first: the sidecar's protocol sniffing would stall the relay's greeting. */}}
{{- if include "thrift-kingdom.sendsMail" . }}{{ $bypass = append $bypass (toString (int .root.Values.smtp.port)) }}{{ end }}
{{- with $bypass | uniq }}
traffic.sidecar.istio.io/excludeOutboundPorts: {{ join "," . | quote }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* Labels every pod of a service carries (web and worker): the identity NetworkPolicies use. */}}
{{- define "thrift-kingdom.serviceLabel" -}}
thrift-kingdom.io/service: {{ .name }}
{{- end -}}

{{/*
Writable scratch space on a read-only root filesystem, in memory: gunicorn's worker heartbeat
files (GUNICORN_WORKER_TMP_DIR), the metrics files and the outbox heartbeat are touched all the
time, and a disk-backed emptyDir would stall them behind the node's disk. Also HOME (libpq).
Called with the service context: a service whose external database has a CA mounts it too.
*/}}
{{- define "thrift-kingdom.tmpVolume" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 256Mi
{{- with .svc }}
{{- $ca := .database.external.sslRootCert }}
{{- if and .hasDatabase .database.external.enabled (or $ca.secretName $ca.configMapName) }}
- name: database-ca
  {{- if $ca.secretName }}
  secret:
    secretName: {{ $ca.secretName }}
    items:
      - key: {{ $ca.key }}
        path: ca.crt
  {{- else }}
  configMap:
    name: {{ $ca.configMapName }}
    items:
      - key: {{ $ca.key }}
        path: ca.crt
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "thrift-kingdom.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- with .svc }}
{{- $ca := .database.external.sslRootCert }}
{{- if and .hasDatabase .database.external.enabled (or $ca.secretName $ca.configMapName) }}
- name: database-ca
  mountPath: {{ include "thrift-kingdom.databaseCaDir" . }}
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{- define "thrift-kingdom.databaseCaDir" -}}/etc/thrift-kingdom/database-ca{{- end -}}

{{/* libpq options of an external database's URL: sslmode, and the mounted CA when there is one. */}}
{{- define "thrift-kingdom.databaseUrlOptions" -}}
{{- $ext := .database.external -}}
{{- if $ext.enabled -}}
?sslmode={{ $ext.sslmode }}
{{- if or $ext.sslRootCert.secretName $ext.sslRootCert.configMapName -}}
&sslrootcert={{ include "thrift-kingdom.databaseCaDir" . }}/ca.crt
{{- else if has $ext.sslmode (list "verify-ca" "verify-full") -}}
{{- fail (printf "services.%s.database.external.sslmode %s needs the CA that signed the server's certificate: set sslRootCert.secretName or sslRootCert.configMapName" .name $ext.sslmode) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Seconds between SIGTERM being decided and SIGKILL: preStop sleep + graceful drain + margin. */}}
{{- define "thrift-kingdom.terminationGracePeriod" -}}
{{- add (int .Values.gunicorn.preStopSleepSeconds) (int .Values.gunicorn.gracefulTimeoutSeconds) 10 -}}
{{- end -}}

{{- define "thrift-kingdom.principal" -}}
{{- printf "%s/ns/%s/sa/%s" .root.Values.istio.trustDomain .root.Release.Namespace .svc.fullname -}}
{{- end -}}

{{- define "thrift-kingdom.scheme" -}}
{{- if or (and .Values.istio.enabled .Values.istio.gateway.tls.enabled) (and (not .Values.istio.enabled) .Values.ingress.enabled .Values.ingress.tls.secretName) -}}https{{- else -}}http{{- end -}}
{{- end -}}

{{/* https://<host> for every public host (CSRF_TRUSTED_ORIGINS). */}}
{{- define "thrift-kingdom.origins" -}}
{{- $scheme := include "thrift-kingdom.scheme" . -}}
{{- $origins := list -}}
{{- range .Values.hosts -}}{{- $origins = append $origins (printf "%s://%s" $scheme .) -}}{{- end -}}
{{- join "," $origins -}}
{{- end -}}

{{/* Two VirtualService routes for one service: idempotent (retried) first, then the rest. */}}
{{- define "thrift-kingdom.routePair" -}}
{{- $vs := .root.Values.istio.virtualService -}}
{{- $destination := dict "destination" (dict "host" (printf "%s.%s.svc.cluster.local" .svc.fullname .root.Release.Namespace) "port" (dict "number" (int .svc.servicePort))) -}}
{{- $idempotent := list -}}
{{- range .matches -}}
{{- $idempotent = append $idempotent (merge (dict "method" (dict "regex" "^(GET|HEAD)$")) .) -}}
{{- end -}}
- name: {{ .svc.name }}-read
  match:
    {{- toYaml $idempotent | nindent 4 }}
  route:
    {{- toYaml (list $destination) | nindent 4 }}
  timeout: {{ .timeout }}
  retries:
    attempts: {{ int $vs.idempotentRetries }}
    perTryTimeout: {{ .perTryTimeout }}
    retryOn: connect-failure,refused-stream,reset,gateway-error
- name: {{ .svc.name }}-write
  match:
    {{- toYaml .matches | nindent 4 }}
  route:
    {{- toYaml (list $destination) | nindent 4 }}
  timeout: {{ .timeout }}
  retries:
    attempts: 1
    retryOn: connect-failure,refused-stream
{{- end -}}

{{/* The ingress gateway's label selector as `k=v,k=v` for kubectl. */}}
{{- define "thrift-kingdom.gatewaySelector" -}}
{{- $pairs := list -}}
{{- range $k, $v := .Values.istio.gateway.selector -}}{{- $pairs = append $pairs (printf "%s=%s" $k $v) -}}{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/*
The plain settings of one service (its ConfigMap's data). Also hashed into the pod annotations,
so a change restarts only the pods of the service it concerns.
*/}}
{{- define "thrift-kingdom.configData" -}}
{{- $ := .root -}}
{{- $svc := .svc -}}
{{- $name := $svc.name -}}
{{- $services := include "thrift-kingdom.services" $ | fromJson -}}
{{- $ns := $.Release.Namespace -}}
DEBUG: "false"
ALLOWED_HOSTS: {{ join "," (concat $.Values.hosts (list $svc.fullname (printf ".%s.svc" $ns) (printf ".%s.svc.cluster.local" $ns))) | quote }}
CSRF_TRUSTED_ORIGINS: {{ include "thrift-kingdom.origins" $ | quote }}
LOG_LEVEL: {{ $.Values.config.logLevel | quote }}
NUM_PROXIES: {{ $.Values.config.numProxies | quote }}
JWT_ISSUER: {{ $.Values.config.jwtIssuer | quote }}
JWT_AUDIENCE: {{ $.Values.config.jwtAudience | quote }}
{{- if and (ne $name "auth") (hasKey $services "auth") }}
JWT_JWKS_URL: {{ printf "http://%s:%d/api/auth/jwks.json" (get $services "auth").fullname (int (get $services "auth").servicePort) | quote }}
{{- end }}
{{- range $callee := $svc.calls }}
{{- with (get $services $callee) }}
{{ .envPrefix }}_SERVICE_URL: {{ printf "http://%s:%d" .fullname (int .servicePort) | quote }}
{{- end }}
{{- end }}
SERVICE_CLIENT_ID: {{ $name | quote }}
# The image's entrypoint runs <package>.config.settings and <package>.gunicorn_conf.
THRIFT_PACKAGE: {{ $svc.package | quote }}
# In the cluster the gateway redirects to https and traffic between pods is mTLS; a redirect
# in Django would only break in-cluster calls (silences check W008 alone).
SECURE_SSL_REDIRECT: "false"
HTTPS_REDIRECT_AT_PROXY: "true"
SECURE_COOKIES: {{ $.Values.config.secureCookies | quote }}
SECURE_HSTS_SECONDS: {{ int $.Values.config.hstsSeconds | quote }}
PORT: {{ int $svc.containerPort | quote }}
BIND_ADDRESS: "0.0.0.0"
GUNICORN_WORKERS: {{ int $svc.workers | quote }}
GUNICORN_THREADS: {{ int $svc.threads | quote }}
GUNICORN_TIMEOUT: {{ int $.Values.gunicorn.timeoutSeconds | quote }}
GUNICORN_GRACEFUL_TIMEOUT: {{ int $.Values.gunicorn.gracefulTimeoutSeconds | quote }}
GUNICORN_KEEPALIVE: {{ int $.Values.gunicorn.keepAliveSeconds | quote }}
GUNICORN_WORKER_TMP_DIR: /tmp
# The image's user has no home (/nonexistent); libpq and gunicorn look for files under HOME.
HOME: /tmp
# Only the mesh and the pod itself reach gunicorn; trust their X-Forwarded-Proto.
FORWARDED_ALLOW_IPS: "*"
PROMETHEUS_MULTIPROC_DIR: /tmp/prometheus
{{- if $svc.worker.enabled }}
# The outbox loop touches it; the worker's livenessProbe (check_outbox_heartbeat) reads it.
OUTBOX_HEARTBEAT_FILE: /tmp/outbox-heartbeat
{{- end }}
{{- include "thrift-kingdom.smtpConfig" . }}
{{- range $key, $value := $svc.extraEnv }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/*
The init container that readies a service's database before the pod's main container runs:
waits for it, then migrate + cache table + first superuser under an advisory lock
(README: "Migrations"). Web pods and outbox workers both run it, so neither starts new code
on an old schema.
*/}}
{{- define "thrift-kingdom.prepareContainer" -}}
{{- $ := .root -}}
{{- $svc := .svc -}}
- name: prepare
  image: {{ include "thrift-kingdom.image" . }}
  imagePullPolicy: {{ $.Values.image.pullPolicy }}
  args: ["prepare"]
  envFrom:
    - configMapRef:
        name: {{ $svc.fullname }}
  env:
    {{- include "thrift-kingdom.secretEnv" . | nindent 4 }}
    - name: DATABASE_WAIT_SECONDS
      value: {{ int $svc.database.waitSeconds | quote }}
    {{- if $.Values.superuser.username }}
    - name: DJANGO_SUPERUSER_USERNAME
      value: {{ $.Values.superuser.username | quote }}
    - name: DJANGO_SUPERUSER_EMAIL
      value: {{ $.Values.superuser.email | quote }}
    - name: DJANGO_SUPERUSER_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ include "thrift-kingdom.secretName" $ }}
          key: superuser-password
    {{- end }}
  resources:
    {{- toYaml $svc.resources | nindent 4 }}
  securityContext:
    {{- toYaml $.Values.containerSecurityContext | nindent 4 }}
  volumeMounts:
    {{- include "thrift-kingdom.tmpMount" . | nindent 4 }}
{{- end -}}
