{{/*
The shared cache (values `valkey`, `externalRedis`): rate limits, lockouts, view windows and the
front's page cache of every service, reached through REDIS_URL (kingdom/settings.py
`shared_cache`). Chart README "Shared cache".
*/}}

{{/* `bundled` (the chart's Valkey), `external` (externalRedis) or empty (no shared cache). */}}
{{- define "thrift-kingdom.cacheMode" -}}
{{- if .Values.externalRedis.enabled -}}
{{- if not (or .Values.externalRedis.existingSecret .Values.secrets.existingSecret) -}}
{{- fail "externalRedis: set externalRedis.existingSecret (or secrets.existingSecret) to the Secret holding the server's URL" -}}
{{- end -}}
external
{{- else if .Values.valkey.enabled -}}
bundled
{{- end -}}
{{- end -}}

{{/* The port the services connect to (NetworkPolicy egress, sidecar bypass); empty: no cache. */}}
{{- define "thrift-kingdom.cachePort" -}}
{{- $mode := include "thrift-kingdom.cacheMode" . -}}
{{- if eq $mode "bundled" -}}6379{{- else if eq $mode "external" -}}{{ int .Values.externalRedis.port }}{{- end -}}
{{- end -}}

{{/*
REDIS_URL of every container of a service (web, worker, prepare, cron jobs). The bundled
server's password comes from the chart's Secret and is put into the URL by Kubernetes
($(VALKEY_PASSWORD) expansion), so no password is ever written into a manifest or ConfigMap;
an external server's whole URL comes from a Secret.
*/}}
{{- define "thrift-kingdom.cacheEnv" -}}
{{- $mode := include "thrift-kingdom.cacheMode" . -}}
{{- if eq $mode "bundled" }}
- name: VALKEY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "thrift-kingdom.secretName" . }}
      key: valkey-password
- name: REDIS_URL
  value: {{ printf "redis://:$(VALKEY_PASSWORD)@%s-valkey:6379/0" (include "thrift-kingdom.fullname" .) | quote }}
{{- else if eq $mode "external" }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalRedis.existingSecret | default (include "thrift-kingdom.secretName" .) }}
      key: {{ .Values.externalRedis.existingSecretKey }}
{{- end }}
{{- end -}}

{{/* The egress rule of a service's pods to the cache (the Valkey pods, or the external peers). */}}
{{- define "thrift-kingdom.cacheEgress" -}}
{{- $mode := include "thrift-kingdom.cacheMode" . -}}
{{- if eq $mode "bundled" -}}
- to:
    - podSelector:
        matchLabels:
          {{- include "thrift-kingdom.selectorLabels" (dict "root" . "component" "valkey") | nindent 10 }}
  ports:
    - port: 6379
      protocol: TCP
{{- else if eq $mode "external" -}}
- ports:
    - port: {{ int .Values.externalRedis.port }}
      protocol: TCP
  {{- with .Values.networkPolicy.externalRedisPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}
